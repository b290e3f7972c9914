import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { EmulatorContext, GraphCaller } from '../context';
import { InvalidTokenError } from '../identity/tokens';
import { GraphError } from './errors';

/**
 * Every Graph call needs a valid bearer token for a user of this tenant, as Graph requires; otherwise 401
 * with Graph's error body and a WWW-Authenticate header.
 */
export function requireCaller(ctx: EmulatorContext): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const header = req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) {
      return next(unauthorized('Access token is empty.'));
    }
    try {
      const claims = await ctx.tokens.verify(match[1]);
      if (!ctx.store.users.has(claims.userId))
        return next(unauthorized('The token names a user this tenant does not have.'));
      const caller: GraphCaller = { userId: claims.userId, appId: claims.appId, scopes: claims.scopes };
      res.locals.caller = caller;
      next();
    } catch (error) {
      if (error instanceof InvalidTokenError) return next(unauthorized(error.message));
      next(error);
    }
  };
}

export function callerOf(res: Response): GraphCaller {
  const caller = res.locals.caller as GraphCaller | undefined;
  if (!caller) throw new GraphError(401, 'InvalidAuthenticationToken', 'Access token is empty.');
  return caller;
}

/** 403 unless the token carries one of the scopes (Graph checks delegated permissions per call). */
export function requireScope(res: Response, ...anyOf: string[]): void {
  const caller = callerOf(res);
  if (!anyOf.some((scope) => caller.scopes.includes(scope))) {
    throw new GraphError(
      403,
      'ErrorAccessDenied',
      `Access is denied. Check credentials and try again. Needs ${anyOf.join(' or ')}.`,
    );
  }
}

function unauthorized(message: string) {
  return new GraphError(401, 'InvalidAuthenticationToken', message, {
    'WWW-Authenticate':
      'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", error="invalid_token"',
  });
}
