import 'server-only';
import { NextResponse } from 'next/server';
import { ZodError } from 'zod';
import { currentUser, type SessionUser } from '../auth/session';
import { env } from '../env';
import { GraphRequestError, ReauthRequiredError } from '../graph/errors';
import { logger } from '../logger';
import { ApiError } from './api-error';
import { type BodyKind, unsafeRequestRefusal } from './same-origin';

/** What every API error looks like to the browser: a code to branch on and a sentence for people. */
export interface ApiErrorBody {
  error: { code: string; message: string };
}

const json = (status: number, code: string, message: string, headers?: HeadersInit) =>
  NextResponse.json<ApiErrorBody>({ error: { code, message } }, { status, headers });

/** Turns known failures into their status and a clear message; anything else into a bare 500. */
export function errorResponse(error: unknown): NextResponse<ApiErrorBody> {
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
    const headers = error.retryAfterSeconds ? { 'Retry-After': String(error.retryAfterSeconds) } : undefined;
    return json(status, `graph_${error.kind}`, error.message, headers);
  }
  logger.error('unhandled API error', { error: error instanceof Error ? error.message : String(error) });
  return json(500, 'internal_error', 'Something went wrong on our side. Try again in a moment.');
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
    try {
      const refusal = unsafeRequestRefusal(request, appOrigin(request), options.body);
      if (refusal) return errorResponse(refusal);
      const user = await currentUser();
      if (!user) return json(401, 'unauthenticated', 'Sign in with Microsoft to continue.');
      return await handler(request, user, context);
    } catch (error) {
      return errorResponse(error);
    }
  };
}
