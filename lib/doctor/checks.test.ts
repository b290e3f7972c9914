import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningPusherServer, startPusherServer } from '../../pusher-server/server';
import { encryptToken, generateEncryptionKey, parseEncryptionKey } from '../auth/token-crypto';
import { applyMigrations } from '../database/migrations';
import { createPostgresTestDatabase, type TestDatabase, testPostgresUrl } from '../database/testing';
import { certificateKeyContext } from '../notifications/certificate-context';
import {
  checkCertificate,
  checkDatabase,
  checkPublicUrl,
  checkPusher,
  type Finding,
  runDoctor,
} from './checks';

const APP = { id: 'doctor', key: 'doctor-key', secret: 'doctor-secret' };
let pusher: RunningPusherServer;
beforeAll(async () => {
  pusher = await startPusherServer({ port: 0, apps: [APP] });
});
afterAll(() => pusher.close());

const pusherEnv = (secret: string) => ({
  PUSHER_APP_ID: APP.id,
  PUSHER_KEY: APP.key,
  PUSHER_SECRET: secret,
  PUSHER_HOST: '127.0.0.1',
  PUSHER_PORT: String(pusher.port),
});

/** A failed finding's problem and fix, for matching. */
const failure = (finding: Finding) => {
  expect(finding.ok).toBe(false);
  return finding.ok === false ? `${finding.problem} | ${finding.fix}` : '';
};

describe('npm run doctor', () => {
  it('reports a database it cannot reach, and a DATABASE_URL it cannot read, with the fix', async () => {
    expect(
      failure(await checkDatabase({ DATABASE_URL: 'postgres://tidings:wrong@127.0.0.1:1/tidings' })),
    ).toMatch(/cannot be reached.*\| Check DATABASE_URL/);
    expect(failure(await checkDatabase({ DATABASE_URL: 'mysql://somewhere/db' }))).toMatch(/DATABASE_URL/);
  });

  it.runIf(process.env.TEST_POSTGRES_URL)('reaches the test PostgreSQL', async () => {
    const finding = await checkDatabase({ DATABASE_URL: process.env.TEST_POSTGRES_URL });
    if (finding.ok === false) expect(finding.problem).not.toMatch(/cannot be reached/);
  });

  it('accepts Pusher credentials the server accepts and reports a bad secret with the fix', async () => {
    expect((await checkPusher(pusherEnv(APP.secret))).ok).toBe(true);
    expect(failure(await checkPusher(pusherEnv('not-the-secret')))).toMatch(
      /refused.*HTTP 401.*\| PUSHER_SECRET/,
    );
    expect(failure(await checkPusher({}))).toMatch(/not set/);
  });

  it('reports a public URL that does not answer, or is not HTTPS', async () => {
    expect(failure(await checkPublicUrl({ PUBLIC_URL: 'http://127.0.0.1:1' }))).toMatch(
      /answered .*\| Start the app/,
    );
    expect(failure(await checkPublicUrl({ PUBLIC_URL: 'http://mail.example.com' }))).toMatch(/HTTPS only/);
    expect(failure(await checkPublicUrl({}))).toMatch(/PUBLIC_URL is not set/);
  });

  it('says when rich notifications are off, and runs every check whatever fails', async () => {
    expect((await checkCertificate({ RICH_NOTIFICATIONS: 'off' })).ok).toBe('info');
    const findings = await runDoctor({
      DATABASE_URL: 'mysql://x',
      PUBLIC_URL: 'http://127.0.0.1:1',
      GRAPH_BASE_URL: 'http://127.0.0.1:1',
    });
    expect(findings.map((f) => f.check)).toHaveLength(6);
  });
});

const postgresUrl = testPostgresUrl();

describe.skipIf(!postgresUrl)('npm run doctor on PostgreSQL', () => {
  let database: TestDatabase | undefined;
  afterAll(() => database?.drop());

  it('reports a missing certificate, and one whose key the configured TOKEN_ENCRYPTION_KEY cannot open', async () => {
    database = await createPostgresTestDatabase(postgresUrl ?? '');
    await applyMigrations(database.factory);
    const key = generateEncryptionKey();
    const env = { RICH_NOTIFICATIONS: 'on', DATABASE_URL: database.url, TOKEN_ENCRYPTION_KEY: key };

    expect(failure(await checkCertificate(env))).toMatch(/no certificate in force.*\| Start the app/);

    const id = crypto.randomUUID();
    const sealed = encryptToken(parseEncryptionKey(key), 'MIIE-a-pkcs8-key', certificateKeyContext(id));
    await database.query(
      `INSERT INTO "EncryptionCertificate" (id, certificate, thumbprint, "privateKey", "notBefore", "notAfter") ` +
        `VALUES ('${id}', 'MIIC', 'AB12', '${sealed}', now() - interval '1 day', now() + interval '60 days')`,
    );
    const fine = await checkCertificate(env);
    expect(fine).toMatchObject({ ok: true });
    expect(fine.ok === true && fine.detail).toMatch(/in force for 59 more days; its private key opens/);

    const otherKey = { ...env, TOKEN_ENCRYPTION_KEY: generateEncryptionKey() };
    expect(failure(await checkCertificate(otherKey))).toMatch(
      /does not open with this TOKEN_ENCRYPTION_KEY.*\| Set TOKEN_ENCRYPTION_KEY/,
    );
  });
});
