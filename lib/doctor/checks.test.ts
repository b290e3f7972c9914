import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningPusherServer, startPusherServer } from '../../pusher-server/server';
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

  it('says no encryption certificate is in use yet, and runs every check whatever fails', async () => {
    expect(checkCertificate().ok).toBe('info');
    const findings = await runDoctor({
      DATABASE_URL: 'mysql://x',
      PUBLIC_URL: 'http://127.0.0.1:1',
      GRAPH_BASE_URL: 'http://127.0.0.1:1',
    });
    expect(findings.map((f) => f.check)).toHaveLength(6);
  });
});
