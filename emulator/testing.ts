import {
  Client,
  GraphError as ClientGraphError,
  type Context,
  HTTPMessageHandler,
  type Middleware,
} from '@microsoft/microsoft-graph-client';
import type { EmulatorConfig } from './config';
import { type RunningEmulator, startEmulator } from './server';

/*
 * Helpers for the emulator's own tests. The official Graph client only attaches tokens to https URLs
 * (graph.microsoft.com or an https custom host), and the emulator speaks plain http on loopback, so the
 * client is built with a middleware chain whose first link sets the bearer token on every request.
 */

export function startTestEmulator(overrides: Partial<EmulatorConfig> = {}): Promise<RunningEmulator> {
  return startEmulator({ port: 0, ...overrides });
}

/** A token for a seeded user by alias ("adele"), minted with the emulator's own signing key. */
export async function tokenFor(
  emulator: RunningEmulator,
  alias: string,
  options: { scopes?: string[]; ttlSeconds?: number; appId?: string } = {},
): Promise<string> {
  const user = emulator.ctx.store.findUser(alias);
  if (!user) throw new Error(`no seeded user "${alias}"`);
  return emulator.ctx.tokens.mint({
    userId: user.id,
    appId: options.appId ?? emulator.config.client.clientId,
    scopes: options.scopes,
    ttlSeconds: options.ttlSeconds ?? 3600,
  });
}

class BearerToken implements Middleware {
  private nextMiddleware?: Middleware;
  constructor(private readonly token: () => Promise<string> | string) {}
  async execute(context: Context): Promise<void> {
    const headers = new Headers(context.options?.headers as HeadersInit | undefined);
    headers.set('Authorization', `Bearer ${await this.token()}`);
    context.options = { ...context.options, headers };
    return this.nextMiddleware?.execute(context);
  }
  setNext(next: Middleware): void {
    this.nextMiddleware = next;
  }
}

/** The official Graph client pointed at the emulator, signed in as `alias` (or with a given token). */
export async function graphClient(
  emulator: RunningEmulator,
  aliasOrToken: { alias: string } | { token: string },
) {
  const token = 'token' in aliasOrToken ? aliasOrToken.token : await tokenFor(emulator, aliasOrToken.alias);
  const bearer = new BearerToken(() => token);
  bearer.setNext(new HTTPMessageHandler());
  return Client.initWithMiddleware({
    middleware: bearer,
    baseUrl: `${emulator.url}/`,
    defaultVersion: 'v1.0',
  });
}

/** The Graph client's error from a call that must fail; fails the test if the call succeeds. */
export async function graphErrorOf(promise: Promise<unknown>): Promise<ClientGraphError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ClientGraphError) return error;
    throw error;
  }
  throw new Error('expected the Graph call to fail');
}
