import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, NextFunction, Request, Response } from 'express';
import type { z } from 'zod';

/** An error Graph would answer with; the error middleware turns it into Graph's JSON shape. */
export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'GraphError';
  }
}

export const notFound = (what = 'The specified object was not found in the store.') =>
  new GraphError(404, 'ErrorItemNotFound', what);
export const badRequest = (message: string, code = 'BadRequest') => new GraphError(400, code, message);

/** Parses a request body, answering Graph's 400 with every problem named by its field. */
export function parseBody<T extends z.ZodType>(
  schema: T,
  body: unknown,
  code = 'ErrorInvalidRequest',
): z.infer<T> {
  const result = schema.safeParse(body ?? {});
  if (!result.success) {
    throw badRequest(
      result.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
      code,
    );
  }
  return result.data;
}

/** Graph's error body: { error: { code, message, innerError: { date, request-id, client-request-id } } }. */
export function graphErrorBody(req: Request, code: string, message: string) {
  return {
    error: {
      code,
      message,
      innerError: {
        date: new Date().toISOString().replace(/\.\d{3}Z$/, ''),
        'request-id': requestId(req),
        'client-request-id': clientRequestId(req),
      },
    },
  };
}

export function sendGraphError(req: Request, res: Response, error: GraphError) {
  for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
  res.status(error.status).json(graphErrorBody(req, error.code, error.message));
}

/** Each request gets a request-id, echoed in headers and error bodies like Graph's. */
export function requestIds(req: Request, res: Response, next: NextFunction) {
  const id = randomUUID();
  res.locals.requestId = id;
  res.locals.clientRequestId = req.header('client-request-id') ?? id;
  res.setHeader('request-id', id);
  res.setHeader('client-request-id', res.locals.clientRequestId);
  next();
}

function requestId(req: Request): string {
  return (req.res?.locals.requestId as string | undefined) ?? randomUUID();
}

function clientRequestId(req: Request): string {
  return (req.res?.locals.clientRequestId as string | undefined) ?? requestId(req);
}

export const graphErrorHandler: ErrorRequestHandler = (error, req, res, _next) => {
  if (error instanceof GraphError) return sendGraphError(req, res, error);
  if (error instanceof SyntaxError && 'body' in error) {
    return sendGraphError(req, res, badRequest('Unable to read JSON request payload.', 'BadRequest'));
  }
  if (error?.type === 'entity.too.large') {
    return sendGraphError(
      req,
      res,
      new GraphError(413, 'RequestEntityTooLarge', 'The request is too large.'),
    );
  }
  console.error('[emulator] unexpected error', error);
  return sendGraphError(
    req,
    res,
    new GraphError(500, 'InternalServerError', 'An internal server error occurred.'),
  );
};
