/*
 * `npm run emulator`: the local Microsoft 365 emulator. Settings come from EMULATOR_* variables
 * (emulator/README.md). It binds to loopback by default and refuses to run with NODE_ENV=production.
 */
import { z } from 'zod';
import { startEmulator } from './server';

const envSchema = z.object({
  EMULATOR_HOST: z.string().default('127.0.0.1'),
  EMULATOR_PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  EMULATOR_SEED: z.string().min(1).default('tidings'),
  EMULATOR_TIME_SCALE: z.coerce.number().positive().default(1),
  EMULATOR_ACCESS_TOKEN_TTL: z.coerce.number().int().positive().default(3600),
  EMULATOR_REQUEST_BUDGET: z.coerce.number().int().positive().default(10_000),
  EMULATOR_CLIENT_ID: z.string().min(1).default('tidings-local'),
  EMULATOR_CLIENT_SECRET: z.string().min(1).default('tidings-local-secret'),
  EMULATOR_REDIRECT_URIS: z
    .string()
    .default(
      'http://localhost:3000/api/auth/callback/azure-ad,http://localhost:3100/api/auth/callback/azure-ad',
    ),
});

async function main() {
  const cleaned = Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) console.error(`${issue.path.join('.')}: ${issue.message}`);
    process.exit(1);
  }
  const env = parsed.data;
  const emulator = await startEmulator({
    host: env.EMULATOR_HOST,
    port: env.EMULATOR_PORT,
    seed: env.EMULATOR_SEED,
    timeScale: env.EMULATOR_TIME_SCALE,
    accessTokenTtlSeconds: env.EMULATOR_ACCESS_TOKEN_TTL,
    requestBudget: env.EMULATOR_REQUEST_BUDGET,
    client: {
      clientId: env.EMULATOR_CLIENT_ID,
      clientSecret: env.EMULATOR_CLIENT_SECRET,
      redirectUris: env.EMULATOR_REDIRECT_URIS.split(',')
        .map((u) => u.trim())
        .filter(Boolean),
    },
  });
  const users = [...emulator.ctx.store.users.values()];
  console.log(
    [
      `Microsoft 365 emulator on ${emulator.url}`,
      `  Graph:   ${emulator.url}/v1.0`,
      `  Issuer:  ${emulator.ctx.issuer()}`,
      `  Control: ${emulator.url}/_emulator`,
      `  Users:   ${users.map((u) => `${u.userPrincipalName} / ${u.password}`).join(', ')}`,
    ].join('\n'),
  );
  const stop = () => {
    emulator.close().finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: Error) => {
  console.error(`The emulator could not start: ${error.message}`);
  process.exit(1);
});
