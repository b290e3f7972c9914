export interface SecurityHeaderOptions {
  production: boolean;
  appUrl: string | undefined;
}

export const API_CONTENT_SECURITY_POLICY: string;
export const STRICT_TRANSPORT_SECURITY: string;
export function sendsStrictTransportSecurity(options: SecurityHeaderOptions): boolean;
export function securityHeaders(options: SecurityHeaderOptions): { key: string; value: string }[];
