import { readdirSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import Pusher from 'pusher';
import { decryptToken, parseEncryptionKey } from '../auth/token-crypto';
import { DatabaseUrlError, parseDatabaseUrl } from '../database/url';
import { certificateKeyContext, ROTATE_BEFORE_MS } from '../notifications/certificate-context';
import { pusherOptions } from '../realtime/pusher-options';

/*
 * `npm run doctor`: a deployment's configuration checked from the inside, each finding with what to do
 * about it. It reads the environment as the app does but never stops at the first bad value: every check
 * runs and says its own result. Nothing here writes anywhere.
 */

export type Finding =
  | { check: string; ok: true; detail: string }
  | { check: string; ok: false; problem: string; fix: string }
  | { check: string; ok: 'info'; detail: string };

type Env = Record<string, string | undefined>;

const TIMEOUT_MS = 8_000;
const reason = (error: unknown) =>
  error instanceof Error ? ((error as { code?: string }).code ?? error.message) : String(error);

/** The migrations this build ships, by folder name (prisma/migrations/<name>/migration.sql). */
function shippedMigrations(root: string): string[] {
  return readdirSync(path.join(root, 'prisma', 'migrations'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

export async function checkDatabase(env: Env, root = process.cwd()): Promise<Finding> {
  const check = 'Database';
  let target: ReturnType<typeof parseDatabaseUrl>;
  try {
    target = parseDatabaseUrl(env.DATABASE_URL, root);
  } catch (error) {
    const message = error instanceof DatabaseUrlError ? error.message : String(error);
    return { check, ok: false, problem: message, fix: 'Set DATABASE_URL to one of the forms above.' };
  }
  if (target.kind !== 'postgres') {
    return {
      check,
      ok: 'info',
      detail:
        'The embedded database (PGlite) serves one app process on this machine; it is opened and migrated ' +
        'when the app starts. For Vercel or two instances, set DATABASE_URL to a PostgreSQL database.',
    };
  }
  const client = new pg.Client({ connectionString: target.url, connectionTimeoutMillis: TIMEOUT_MS });
  try {
    await client.connect();
  } catch (error) {
    return {
      check,
      ok: false,
      problem: `PostgreSQL at ${new URL(target.url).host} cannot be reached or refused the sign-in (${error instanceof Error ? error.message : String(error)}).`,
      fix: 'Check DATABASE_URL’s host, port, user and password, and that the database accepts connections from here.',
    };
  }
  try {
    const applied = await client
      .query<{ migration_name: string }>(
        'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
      )
      .then((result) => new Set(result.rows.map((row) => row.migration_name)))
      .catch(() => new Set<string>());
    const missing = shippedMigrations(root).filter((name) => !applied.has(name));
    if (missing.length > 0) {
      return {
        check,
        ok: false,
        problem: `${missing.length} of this version’s migrations are not applied (first: ${missing[0]}).`,
        fix: 'Run `npx prisma migrate deploy` with this DATABASE_URL, or start the app once: it migrates at start.',
      };
    }
    return { check, ok: true, detail: `PostgreSQL at ${new URL(target.url).host}, every migration applied.` };
  } finally {
    await client.end().catch(() => {});
  }
}

async function reachable(url: string): Promise<{ status: number } | { error: string }> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'manual' });
    await response.body?.cancel();
    return { status: response.status };
  } catch (error) {
    return { error: reason((error as { cause?: unknown }).cause ?? error) };
  }
}

export async function checkIdentity(env: Env): Promise<Finding> {
  const check = 'Microsoft identity platform';
  const authority = (env.AZURE_AD_AUTHORITY || 'https://login.microsoftonline.com').replace(/\/$/, '');
  const tenant = env.AZURE_AD_TENANT_ID || 'organizations';
  if (!env.AZURE_AD_CLIENT_ID || !env.AZURE_AD_CLIENT_SECRET) {
    return {
      check,
      ok: false,
      problem: 'AZURE_AD_CLIENT_ID or AZURE_AD_CLIENT_SECRET is not set.',
      fix: 'Copy them from the app registration in the Microsoft Entra admin center (Overview; Certificates & secrets).',
    };
  }
  const url = `${authority}/${tenant}/v2.0/.well-known/openid-configuration`;
  const answer = await reachable(url);
  if ('error' in answer || answer.status !== 200) {
    return {
      check,
      ok: false,
      problem: `${url} answered ${'error' in answer ? answer.error : `HTTP ${answer.status}`}.`,
      fix: 'Check AZURE_AD_TENANT_ID (and AZURE_AD_AUTHORITY, if set) and that this machine reaches it.',
    };
  }
  return { check, ok: true, detail: `${authority}/${tenant} answers.` };
}

export async function checkGraph(env: Env): Promise<Finding> {
  const check = 'Microsoft Graph';
  const base = (env.GRAPH_BASE_URL || 'https://graph.microsoft.com').replace(/\/$/, '');
  // Any HTTP answer (Graph says 401 without a token) shows it is reachable.
  const answer = await reachable(`${base}/v1.0/me`);
  if ('error' in answer) {
    return {
      check,
      ok: false,
      problem: `${base} cannot be reached (${answer.error}).`,
      fix: 'Check GRAPH_BASE_URL (unset means Microsoft Graph) and this machine’s outbound HTTPS.',
    };
  }
  return { check, ok: true, detail: `${base} answers.` };
}

export async function checkPusher(env: Env): Promise<Finding> {
  const check = 'Pusher';
  if (!env.PUSHER_APP_ID || !env.PUSHER_KEY || !env.PUSHER_SECRET) {
    return {
      check,
      ok: false,
      problem: 'PUSHER_APP_ID, PUSHER_KEY or PUSHER_SECRET is not set: no live updates, only polling.',
      fix: 'Copy them from your Pusher Channels app’s “App Keys” page (or your Pusher-protocol server).',
    };
  }
  const pusher = new Pusher({ ...pusherOptions(env), timeout: TIMEOUT_MS });
  try {
    const response = await pusher.get({ path: '/channels' });
    if (response.status === 200)
      return { check, ok: true, detail: 'The credentials sign requests Pusher accepts.' };
    return pusherRefused(check, response.status);
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (typeof status === 'number') return pusherRefused(check, status);
    return {
      check,
      ok: false,
      problem: `Pusher cannot be reached (${reason(error)}).`,
      fix: 'Check PUSHER_CLUSTER, or PUSHER_HOST and PUSHER_PORT for your own Pusher-protocol server.',
    };
  }
}

function pusherRefused(check: string, status: number): Finding {
  return {
    check,
    ok: false,
    problem: `Pusher refused our signed request (HTTP ${status}).`,
    fix: 'PUSHER_SECRET (or PUSHER_KEY, PUSHER_APP_ID) does not match the app: copy them again from its “App Keys”.',
  };
}

export async function checkPublicUrl(env: Env): Promise<Finding> {
  const check = 'Public URL (where Graph sends notifications)';
  const raw = env.PUBLIC_URL || env.NEXTAUTH_URL;
  if (!raw) {
    return {
      check,
      ok: false,
      problem: 'PUBLIC_URL is not set.',
      fix: 'Set PUBLIC_URL to the https address people and Graph reach.',
    };
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return {
      check,
      ok: false,
      problem: `PUBLIC_URL "${raw}" is not a URL.`,
      fix: 'Set it like https://mail.example.com.',
    };
  }
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !local) {
    return {
      check,
      ok: false,
      problem: `PUBLIC_URL is ${url.protocol}//…: Graph delivers notifications over HTTPS only.`,
      fix: 'Serve the app behind TLS (a reverse proxy or your host’s) and set PUBLIC_URL to its https address.',
    };
  }
  const health = new URL('/api/health', url).toString();
  const answer = await reachable(health);
  if ('error' in answer || answer.status >= 500) {
    return {
      check,
      ok: false,
      problem: `${health} answered ${'error' in answer ? answer.error : `HTTP ${answer.status}`}.`,
      fix: 'Start the app, and check that PUBLIC_URL points at it through your proxy and DNS.',
    };
  }
  return {
    check,
    ok: true,
    detail: local
      ? `${url.origin} answers (local: Graph itself cannot reach it; fine with the emulator).`
      : `${url.origin} answers over HTTPS.`,
  };
}

export async function checkCertificate(env: Env, root = process.cwd()): Promise<Finding> {
  const check = 'Encryption certificate (rich notifications)';
  if (env.RICH_NOTIFICATIONS !== 'on') {
    return {
      check,
      ok: 'info',
      detail:
        'RICH_NOTIFICATIONS is off: notifications carry no resource data, and each changed message is read from Graph.',
    };
  }
  let target: ReturnType<typeof parseDatabaseUrl>;
  try {
    target = parseDatabaseUrl(env.DATABASE_URL, root);
  } catch {
    return { check, ok: 'info', detail: 'Not checked: the database is not readable (see Database).' };
  }
  if (target.kind !== 'postgres') {
    return {
      check,
      ok: 'info',
      detail: 'Not checked on the embedded database: the app makes and keeps it there.',
    };
  }
  const client = new pg.Client({ connectionString: target.url, connectionTimeoutMillis: TIMEOUT_MS });
  try {
    await client.connect();
    const { rows } = await client.query<{ id: string; privateKey: string; notAfter: Date }>(
      'SELECT id, "privateKey", "notAfter" FROM "EncryptionCertificate" ' +
        'WHERE "notBefore" <= now() AND "notAfter" > now() ORDER BY "notAfter" DESC LIMIT 1',
    );
    const current = rows[0];
    if (!current) {
      return {
        check,
        ok: false,
        problem: 'RICH_NOTIFICATIONS is on, but the database holds no certificate in force.',
        fix: 'Start the app with this configuration: it makes one as it subscribes (at the next sign-in, or the next cron round). Or set RICH_NOTIFICATIONS=off.',
      };
    }
    try {
      decryptToken(
        parseEncryptionKey(env.TOKEN_ENCRYPTION_KEY ?? ''),
        current.privateKey,
        certificateKeyContext(current.id),
      );
    } catch {
      return {
        check,
        ok: false,
        problem: `The private key of certificate ${current.id} does not open with this TOKEN_ENCRYPTION_KEY.`,
        fix: 'Set TOKEN_ENCRYPTION_KEY to the key the app ran with. If that key is lost, delete the row from "EncryptionCertificate" and restart: the app makes a new one (signing in again is needed too, as the tokens are sealed with it).',
      };
    }
    const leftMs = current.notAfter.getTime() - Date.now();
    const days = Math.floor(leftMs / 86_400_000);
    const replacing = leftMs < ROTATE_BEFORE_MS ? ' (the app makes its successor now)' : '';
    return {
      check,
      ok: true,
      detail: `Certificate ${current.id} in force for ${days} more days${replacing}; its private key opens.`,
    };
  } catch (error) {
    return { check, ok: 'info', detail: `Not checked: ${reason(error)} (see Database).` };
  } finally {
    await client.end().catch(() => {});
  }
}

/** Every check, in the order a person would fix them. */
export async function runDoctor(env: Env = process.env, root = process.cwd()): Promise<Finding[]> {
  return Promise.all([
    checkDatabase(env, root),
    checkIdentity(env),
    checkGraph(env),
    checkPusher(env),
    checkPublicUrl(env),
    checkCertificate(env, root),
  ]);
}
