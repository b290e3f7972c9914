import { ApiError } from './api-error';

/*
 * Cross-site request forgery: a page on another site can make the browser POST to us with the session
 * cookie (SameSite=Lax stops most, not a sibling subdomain or a top-level form). So a request that changes
 * something must show it comes from our own pages:
 *
 * - Origin, when present, must be the app's own origin. Browsers send it on every POST/PUT/PATCH/DELETE,
 *   same-origin included; "null" (a sandboxed frame, a privacy redirect) is refused.
 * - Without Origin, Sec-Fetch-Site must say same-origin.
 * - Without either, the sender is not a current browser (curl, a server). It may go on only without a
 *   cookie: it then has no session and gets the route's 401, never a write. A cookie-carrying request that
 *   hides where it comes from is refused.
 *
 * And a body must be declared JSON: an HTML form can only send text/plain, urlencoded or multipart, and
 * fetch() from another origin cannot send application/json without a CORS preflight we never answer.
 */

export const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The media types a route reads its body as. */
export type BodyKind = 'json' | 'form' | 'any';

const ACCEPTED: Record<Exclude<BodyKind, 'any'>, { type: string; name: string }> = {
  json: { type: 'application/json', name: 'application/json' },
  form: { type: 'application/x-www-form-urlencoded', name: 'application/x-www-form-urlencoded' },
};

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** Refuses a request not sent by our own pages: an ApiError (403 cross_origin), or null when it may go on. */
export function crossOriginRefusal(request: Request, appOrigin: string): ApiError | null {
  const refuse = (detail: string) =>
    new ApiError(
      403,
      'cross_origin',
      `This request was refused because ${detail}. Changes can only be made from Tidings itself: open ${appOrigin} and try again there.`,
    );
  const origin = request.headers.get('origin');
  if (origin !== null) {
    return originOf(origin) === appOrigin ? null : refuse(`it came from another site (${origin})`);
  }
  const fetchSite = request.headers.get('sec-fetch-site');
  if (fetchSite !== null) {
    return fetchSite === 'same-origin' ? null : refuse(`it came from another site (${fetchSite})`);
  }
  return request.headers.has('cookie') ? refuse('it did not say which site sent it') : null;
}

/** The media type of a header value, without parameters ("application/json; charset=utf-8" → "application/json"). */
export function mediaType(contentType: string | null): string | null {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  return type ? type : null;
}

const hasBody = (request: Request) =>
  request.headers.has('transfer-encoding') || Number(request.headers.get('content-length') ?? 0) > 0;

/** A 415 when the request declares (or carries) a body of another type than the route reads; else null. */
export function mediaTypeRefusal(request: Request, accepts: BodyKind): ApiError | null {
  if (accepts === 'any') return null;
  const type = mediaType(request.headers.get('content-type'));
  if (type === null && !hasBody(request)) return null;
  const expected = ACCEPTED[accepts];
  if (type === expected.type) return null;
  return new ApiError(
    415,
    'unsupported_media_type',
    `This request was refused because its body is ${type ?? 'of no declared type'}, not ${expected.name}. Send the body as ${expected.name} with a matching Content-Type header.`,
  );
}

/** Both checks for a request that may change something; null for safe methods and for allowed requests. */
export function unsafeRequestRefusal(
  request: Request,
  appOrigin: string,
  /** What the route reads its body as: JSON unless the route says otherwise (withUser's `body`). */
  accepts: BodyKind = 'json',
): ApiError | null {
  if (!UNSAFE_METHODS.has(request.method.toUpperCase())) return null;
  return crossOriginRefusal(request, appOrigin) ?? mediaTypeRefusal(request, accepts);
}
