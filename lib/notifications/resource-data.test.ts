import { generateKeyPairSync } from 'node:crypto';
import { createLocalJWKSet, exportJWK, type JWK, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { encryptResourceData } from '../../emulator/subscriptions/resource-data';
import {
  checkValidationTokens,
  decryptResourceData,
  GRAPH_CHANGE_PUBLISHER_APP_ID,
  ResourceDataError,
} from './resource-data';

const certificate = generateKeyPairSync('rsa', { modulusLength: 2048 });
const otherCertificate = generateKeyPairSync('rsa', { modulusLength: 2048 });
const message = {
  id: 'AAMkAGI2',
  subject: 'Quarterly numbers — “final”',
  from: { emailAddress: { name: 'Nestor Wilke', address: 'nestor@contoso.test' } },
  receivedDateTime: '2026-12-02T05:00:00Z',
  isRead: false,
};

const sealed = () => encryptResourceData(message, certificate.publicKey, { id: 'cert-1' });
const reason = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error instanceof ResourceDataError ? error.reason : `not refused: ${String(error)}`;
  }
  return 'accepted';
};

describe('decryptResourceData', () => {
  it('opens what Graph sealed for our certificate', () => {
    expect(decryptResourceData(sealed(), certificate.privateKey)).toEqual(message);
  });

  it('refuses data changed on the way before decrypting it', () => {
    const content = sealed();
    const data = Buffer.from(content.data, 'base64');
    data[5] = (data[5] ?? 0) ^ 1;
    expect(
      reason(() =>
        decryptResourceData({ ...content, data: data.toString('base64') }, certificate.privateKey),
      ),
    ).toBe('signature');
  });

  it('refuses a signature that is not the data’s, of any length', () => {
    const content = sealed();
    const wrong = Buffer.from(content.dataSignature, 'base64');
    wrong[0] = (wrong[0] ?? 0) ^ 0xff;
    expect(
      reason(() =>
        decryptResourceData({ ...content, dataSignature: wrong.toString('base64') }, certificate.privateKey),
      ),
    ).toBe('signature');
    expect(
      reason(() => decryptResourceData({ ...content, dataSignature: 'AAAA' }, certificate.privateKey)),
    ).toBe('signature');
  });

  it('refuses a key sealed for another certificate, or not a key at all', () => {
    const foreign = encryptResourceData(message, otherCertificate.publicKey, { id: 'cert-2' });
    expect(reason(() => decryptResourceData(foreign, certificate.privateKey))).toBe('key');
    expect(
      reason(() => decryptResourceData({ ...sealed(), dataKey: 'bm90IGEga2V5' }, certificate.privateKey)),
    ).toBe('key');
  });
});

describe('checkValidationTokens', () => {
  const appId = '11111111-2222-3333-4444-555555555555';
  const tenantId = '7f3c1d2e-5a4b-4c6d-8e9f-0a1b2c3d4e5f';
  const signer = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const impostor = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const setup = async () => {
    const jwk = { ...(await exportJWK(signer.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' } as JWK;
    return createLocalJWKSet({ keys: [jwk] });
  };
  const token = (claims: Record<string, unknown>, options: { key?: typeof signer; expires?: string } = {}) =>
    new SignJWT({ azp: GRAPH_CHANGE_PUBLISHER_APP_ID, ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setAudience((claims.aud as string) ?? appId)
      .setIssuer((claims.iss as string) ?? `https://sts.windows.net/${tenantId}/`)
      .setIssuedAt()
      .setExpirationTime(options.expires ?? '1h')
      .sign((options.key ?? signer).privateKey);

  it('accepts tokens signed by the identity platform for our app, from our tenant, issued to Graph', async () => {
    const keys = await setup();
    const v1 = await new SignJWT({ appid: GRAPH_CHANGE_PUBLISHER_APP_ID })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setAudience(appId)
      .setIssuer(`https://sts.windows.net/${tenantId}/`)
      .setExpirationTime('1h')
      .sign(signer.privateKey);
    expect(
      await checkValidationTokens([await token({}), v1], { appId, tenantIds: [tenantId], keys }),
    ).toBeNull();
  });

  it('refuses a batch with any token that fails: audience, tenant, publisher, expiry, signature, none', async () => {
    const keys = await setup();
    const expect_ = { appId, tenantIds: [tenantId], keys };
    const good = await token({});
    const failures = {
      audience: await token({ aud: '99999999-2222-3333-4444-555555555555' }),
      tenant: await token({ iss: 'https://sts.windows.net/00000000-0000-0000-0000-000000000000/' }),
      publisher: await token({ azp: '99999999-9999-9999-9999-999999999999' }),
      expired: await token({}, { expires: '-2h' }),
      signature: await token({}, { key: impostor }),
    };
    for (const [what, bad] of Object.entries(failures)) {
      expect(await checkValidationTokens([good, bad], expect_), what).toMatch(/validation token/);
    }
    expect(await checkValidationTokens([], expect_)).toMatch(/no validation token/);
    expect(await checkValidationTokens(undefined, expect_)).toMatch(/no validation token/);
    expect(await checkValidationTokens(['not.a.jwt'], expect_)).toMatch(/failed its check/);
  });
});
