import 'server-only';
import { randomUUID } from 'node:crypto';
import { NextResponse } from 'next/server';
import { ZodError } from 'zod';
import { currentUser, type SessionUser } from '../auth/session';
import { env } from '../env';
import { errorCauses, GraphRequestError, ReauthRequiredError } from '../graph/errors';
import { logger } from '../logger';
import { ApiError } from './api-error';
import { type BodyKind, unsafeRequestRefusal } from './same-origin';

/** What every API error looks like to the browser: a code to branch on and a sentence for people. */
export interface ApiErrorBody {
  error: { code: string; message: string };
}

const json = (status: number, code: string, message: string, headers?: HeadersInit) =>
  NextResponse.json<ApiErrorBody>({ error: { code, message } }, { status, headers });

/** Where an error happened, for the log line and the reference a person can quote. */
export interface ErrorContext {
  requestId: string;
  route: string;
  userId?: string;
}

/**
 * Turns known failures into their status and a clear message; anything else into a 500. With a context,
 * failures on our side or Graph's are logged with the request id, the stack and the chain of causes, and
 * the answer carries the id (`X-Request-Id`, and in the 500's sentence) so a report can be matched to it.
 */
export function errorResponse(error: unknown, context?: ErrorContext): NextResponse<ApiErrorBody> {
  const reference = context ? { 'X-Request-Id': context.requestId } : undefined;
  if (error instanceof ApiError) return json(error.status, error.code, error.message);
  if (error instanceof ZodError) {
    return json(
      400,
      'invalid_request',
      error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
    );
  }
  if (error instanceof ReauthRequiredError) return json(401, 'reauth_required', error.message);
  if (error instanceof GraphRequestError) {
    const status = {
      'not-found': 404,
      throttled: 503,
      unauthorized: 502,
      'consent-required': 403,
      unavailable: 503,
      'bad-request': 502,
    }[error.kind];
    if (status >= 500 && context)
      logger.warn('Graph failed during an API call', { ...context, status, cause: errorCauses(error) });
    const headers = {
      ...reference,
      ...(error.retryAfterSeconds ? { 'Retry-After': String(error.retryAfterSeconds) } : {}),
    };
    return json(status, `graph_${error.kind}`, error.message, headers);
  }
  logger.error('unhandled API error', {
    ...context,
    error: error instanceof Error ? error.message : String(error),
    cause: errorCauses(error),
    stack: error instanceof Error ? error.stack : undefined,
  });
  const quote = context ? ` If it keeps happening, quote reference ${context.requestId}.` : '';
  return json(
    500,
    'internal_error',
    `Something went wrong on our side. Try again in a moment.${quote}`,
    reference,
  );
}

/** The proxy's request id when it sent a sane one, else a new one. */
export function requestIdOf(request: Request): string {
  const given = request.headers.get('x-request-id');
  return given && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
}

/** The origin people open Tidings at; without NEXTAUTH_URL (local development) the one this request names. */
export const appOrigin = (request: Request) => new URL(env.NEXTAUTH_URL ?? request.url).origin;

/**
 * A route handler that needs a signed-in person: 401 without one, typed errors mapped to statuses.
 * Writes (POST/PUT/PATCH/DELETE) must come from our own pages with a JSON body (lib/api/same-origin.ts),
 * checked before the session so a forged request learns nothing.
 */
export function withUser<Context>(
  handler: (request: Request, user: SessionUser, context: Context) => Promise<Response>,
  /** `body: 'any'` for a route that reads something other than JSON (a raw file upload). */
  options: { body?: BodyKind } = {},
) {
  return async (request: Request, context: Context): Promise<Response> => {
    let userId: string | undefined;
    try {
      const refusal = unsafeRequestRefusal(request, appOrigin(request), options.body);
      if (refusal) return errorResponse(refusal);
      const user = await currentUser();
      if (!user) return json(401, 'unauthenticated', 'Sign in with Microsoft to continue.');
      userId = user.id;
      return await handler(request, user, context);
    } catch (error) {
      return errorResponse(error, {
        requestId: requestIdOf(request),
        route: `${request.method} ${new URL(request.url).pathname}`,
        userId,
      });
    }
  };
}
