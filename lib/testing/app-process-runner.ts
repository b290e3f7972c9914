import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import type { RunningEmulator } from '../../emulator/server';

/* Starting lib/testing/app-process.ts from a test: a free port, its environment, and waiting for READY. */

export const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** The sign-in a test got from the emulator's code flow, as app-process's SETUP wants it. */
export function setupFor(
  emulator: RunningEmulator,
  alias: string,
  tokens: {
    access_token: string;
    refresh_token?: string;
    id_token?: string;
    scope?: string;
    expires_in: number;
  },
): string {
  const user = emulator.ctx.store.findUser(alias);
  return JSON.stringify({
    name: user?.displayName,
    email: user?.mail,
    providerAccountId: user?.id,
    tokens: {
      ...tokens,
      refresh_token: tokens.refresh_token ?? '',
      id_token: tokens.id_token ?? '',
      scope: tokens.scope ?? '',
    },
  });
}

/** Starts the app process on `port` with its data in `dataDir`, Graph at the emulator; resolves once READY. */
export function startAppProcess(options: {
  emulator: RunningEmulator;
  port: number;
  dataDir: string;
  env?: Record<string, string>;
}): Promise<ChildProcess> {
  const { emulator, port, dataDir } = options;
  const child = spawn(
    process.execPath,
    ['--conditions=react-server', '--import', 'tsx', 'lib/testing/app-process.ts'],
    {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        LOG_LEVEL: 'error',
        PORT: String(port),
        DATABASE_URL: `pglite:${dataDir}`,
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        AZURE_AD_AUTHORITY: emulator.url,
        GRAPH_BASE_URL: emulator.url,
        AZURE_AD_TENANT_ID: emulator.config.tenantId,
        AZURE_AD_CLIENT_ID: emulator.config.client.clientId,
        AZURE_AD_CLIENT_SECRET: emulator.config.client.clientSecret,
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('READY')) resolve(child);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('exit', (code) =>
      reject(new Error(`app process exited (${code}) before it was ready:\n${output}`)),
    );
  });
}
