/** Graph failures the app reacts to differently, each with what a person should be told. */

export type GraphErrorKind =
  | 'not-found'
  | 'throttled'
  | 'unauthorized'
  | 'consent-required'
  | 'unavailable'
  | 'bad-request';

export class GraphRequestError extends Error {
  constructor(
    readonly kind: GraphErrorKind,
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'GraphRequestError';
  }
}

/**
 * What lies under an error, for logs: each cause's name, message and system code, outermost first
 * ("GraphRequestError: Microsoft 365 is not reachable right now. <- TypeError: fetch failed <- ECONNRESET").
 */
export function errorCauses(error: unknown): string {
  const parts: string[] = [];
  for (
    let e = error;
    e !== undefined && e !== null && parts.length < 6;
    e = (e as { cause?: unknown }).cause
  ) {
    const code = (e as { code?: unknown }).code;
    const text = e instanceof Error ? `${e.name}: ${e.message}` : typeof e === 'object' ? '' : String(e);
    parts.push([text, typeof code === 'string' ? code : ''].filter(Boolean).join(' ') || '(unknown)');
  }
  return parts.join(' <- ');
}

/** The refresh token no longer works (revoked consent, password change): the person must sign in again. */
export class ReauthRequiredError extends Error {
  constructor(readonly userId: string) {
    super('Your Microsoft sign-in has expired. Sign in again to keep your mail up to date.');
    this.name = 'ReauthRequiredError';
  }
}

/** Maps a Graph error response (status, code from its body) to a typed error. */
export function toGraphRequestError(
  status: number,
  body: { error?: { code?: string; message?: string } } | undefined,
  retryAfterSeconds?: number,
): GraphRequestError {
  const code = body?.error?.code ?? `HTTP${status}`;
  const detail = body?.error?.message ?? '';
  if (status === 404)
    return new GraphRequestError('not-found', status, code, detail || 'Not found in the mailbox.');
  if (status === 429)
    return new GraphRequestError(
      'throttled',
      status,
      code,
      'Microsoft 365 is busy; trying again shortly.',
      retryAfterSeconds,
    );
  if (status === 401)
    return new GraphRequestError('unauthorized', status, code, 'Microsoft 365 did not accept the sign-in.');
  if (status === 403 && /consent|AADSTS65001/i.test(`${code} ${detail}`)) {
    return new GraphRequestError(
      'consent-required',
      status,
      code,
      'Your organisation has not allowed Tidings to read mail yet.',
    );
  }
  if (status === 403) return new GraphRequestError('unauthorized', status, code, detail || 'Access denied.');
  if (status >= 500 || status === 0) {
    return new GraphRequestError(
      'unavailable',
      status,
      code,
      'Microsoft 365 is not reachable right now.',
      retryAfterSeconds,
    );
  }
  return new GraphRequestError('bad-request', status, code, detail || 'Microsoft 365 refused the request.');
}
