/*
 * The pages' Content-Security-Policy. Scripts run only with this request's nonce (Next.js puts it on its
 * own scripts when it finds it in the request's CSP header) or when loaded by such a script
 * ('strict-dynamic'), so markup that slips into the DOM runs nothing: no inline handler, no javascript:
 * URL, no injected <script>.
 *
 * Message bodies are shown in sandboxed srcdoc frames, and a srcdoc frame inherits this policy on top of
 * its own stricter <meta> one (lib/mail/render-body.ts). So this policy must leave room for what those
 * frames legitimately show: inline styles (mail is styled inline) and, after the reader chooses "Show
 * images", remote http(s) and data: images. Whether anything remote loads is decided by the frame's own
 * policy and the sanitizer; this one only must not be narrower.
 */

export interface PageCspOptions {
  nonce: string;
  /** next dev: React rebuilds server error stacks with eval. */
  development: boolean;
  /** Where pusher-js opens its WebSocket, e.g. ws://127.0.0.1:6001; null when live updates are off. */
  realtimeSource: string | null;
}

export function pageContentSecurityPolicy({ nonce, development, realtimeSource }: PageCspOptions): string {
  const directives: Record<string, string[]> = {
    'default-src': ["'none'"],
    'script-src': [`'nonce-${nonce}'`, "'strict-dynamic'", ...(development ? ["'unsafe-eval'"] : [])],
    // Not a nonce: with one, browsers ignore 'unsafe-inline', and mail in the frames is styled inline.
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:', 'https:', 'http:'],
    'font-src': ["'self'", 'data:'],
    // SWR and next-auth call our API; pusher-js opens one socket; next dev reloads over a same-origin socket.
    'connect-src': ["'self'", ...(realtimeSource ? [realtimeSource] : [])],
    'manifest-src': ["'self'"],
    'frame-src': ["'self'"],
    'worker-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

export interface RealtimeSettings {
  PUSHER_KEY?: string | undefined;
  PUSHER_HOST?: string | undefined;
  PUSHER_PORT?: number | undefined;
  PUSHER_CLUSTER: string;
  PUSHER_USE_TLS: 'true' | 'false';
}

/**
 * The socket pusher-js opens, as lib/realtime/publish.ts configures it (WebSocket only, no SockJS or
 * HTTP fallbacks): the configured host, or Pusher's cluster host; wss with TLS, ws without.
 */
export function realtimeSocketSource(settings: RealtimeSettings): string | null {
  if (!settings.PUSHER_KEY) return null;
  const scheme = settings.PUSHER_USE_TLS === 'true' ? 'wss' : 'ws';
  const host = settings.PUSHER_HOST ?? `ws-${settings.PUSHER_CLUSTER}.pusher.com`;
  return `${scheme}://${host}${settings.PUSHER_PORT ? `:${settings.PUSHER_PORT}` : ''}`;
}

/** 128 random bits, base64: unguessable, and a value Next.js recognises as a nonce. */
export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}
