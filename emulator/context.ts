import type { Clock } from './clock';
import type { EmulatorConfig } from './config';
import type { TokenService } from './identity/tokens';
import type { RequestLog } from './request-log';
import type { MailStore } from './store/mail-store';

/** What every part of the emulator shares. Built once by startEmulator(). */
export interface EmulatorContext {
  config: EmulatorConfig;
  store: MailStore;
  clock: Clock;
  tokens: TokenService;
  requests: RequestLog;
  /** http://host:port of this emulator, known once it listens. */
  baseUrl(): string;
  /** The issuer URL: `${baseUrl}/${tenantId}/v2.0`. */
  issuer(): string;
}

/** What graph/auth.ts puts in res.locals for every authenticated Graph request. */
export interface GraphCaller {
  userId: string;
  appId: string;
  scopes: string[];
}
