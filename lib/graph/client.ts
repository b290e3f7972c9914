import 'server-only';
import { Client, GraphError, HTTPMessageHandler } from '@microsoft/microsoft-graph-client';
import { getAccessToken } from '../auth/access-token';
import { env } from '../env';
import { GraphRequestError, ReauthRequiredError, toGraphRequestError } from './errors';
import {
  BearerTokenLink,
  ImmutableIdLink,
  RetryLink,
  type RetryPolicy,
  retryAfterMs,
  TimeoutLink,
} from './middleware';
import { recordGraphSuccess, recordGraphUnreachable } from './reachability';

export interface GraphClientOptions {
  retry?: Partial<RetryPolicy>;
  timeoutMs?: number;
  /** Where tokens come from; defaults to the stored, refreshed token of the user. */
  token?: (options: { forceRefresh: boolean }) => Promise<string>;
}

const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 4, maxTotalMs: 30_000, baseDelayMs: 1_000 };

/**
 * The Graph client for one user, usable with or without a request around it. Every call asks for
 * immutable ids, carries a fresh token, retries 429/503/504 after Retry-After within bounds, and gives up
 * on a silent connection after `timeoutMs`.
 */
export function graphClientFor(userId: string, options: GraphClientOptions = {}): Client {
  const bearer = new BearerTokenLink(
    options.token ?? (({ forceRefresh }) => getAccessToken(userId, { forceRefresh })),
  );
  const immutableIds = new ImmutableIdLink();
  const retry = new RetryLink({ ...DEFAULT_RETRY, ...options.retry });
  const timeout = new TimeoutLink(options.timeoutMs ?? 20_000);
  bearer.setNext(immutableIds);
  immutableIds.setNext(retry);
  retry.setNext(timeout);
  timeout.setNext(new HTTPMessageHandler());
  return Client.initWithMiddleware({
    middleware: bearer,
    baseUrl: `${env.GRAPH_BASE_URL}/`,
    defaultVersion: 'v1.0',
  });
}

/** Runs Graph calls, turning the SDK's errors into GraphRequestError (or ReauthRequiredError). */
export async function withGraph<T>(
  userId: string,
  work: (client: Client) => Promise<T>,
  options?: GraphClientOptions,
): Promise<T> {
  try {
    const result = await work(graphClientFor(userId, options));
    recordGraphSuccess();
    return result;
  } catch (error) {
    const mapped = asGraphError(error, userId);
    if (mapped instanceof GraphRequestError && mapped.kind === 'unavailable') recordGraphUnreachable();
    throw mapped;
  }
}

export function asGraphError(error: unknown, userId: string): Error {
  if (error instanceof ReauthRequiredError || error instanceof GraphRequestError) return error;
  // The SDK wraps errors thrown inside middleware (our token link) into a GraphError named after them.
  if (error instanceof GraphError && error.code === 'ReauthRequiredError')
    return new ReauthRequiredError(userId);
  if (error instanceof GraphError && error.statusCode > 0) {
    const headers = error.headers as Headers | undefined;
    const mapped = toGraphRequestError(
      error.statusCode,
      { error: { code: error.code ?? undefined, message: error.message } },
      retryAfterSeconds(headers?.get?.('Retry-After') ?? null),
    );
    return new GraphRequestError(
      mapped.kind,
      mapped.status,
      mapped.code,
      mapped.message,
      mapped.retryAfterSeconds,
      { cause: error },
    );
  }
  // Network failures and timeouts: Graph could not be reached. The cause says which (logs show it).
  return new GraphRequestError(
    'unavailable',
    0,
    'NetworkError',
    'Microsoft 365 is not reachable right now.',
    undefined,
    { cause: error },
  );
}

function retryAfterSeconds(header: string | null): number | undefined {
  const ms = retryAfterMs(header);
  return ms === undefined ? undefined : Math.ceil(ms / 1000);
}

/**
 * Graph paging links are absolute. The SDK only recognises https Graph hosts as absolute, so a link from
 * an http GRAPH_BASE_URL (the local emulator) is turned back into a path the client can follow.
 */
export function graphPath(link: string): string {
  const prefix = `${env.GRAPH_BASE_URL}/v1.0`;
  return link.startsWith(prefix) ? link.slice(prefix.length) : link;
}
