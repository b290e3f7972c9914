import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from './env';

const minimal = {
  AZURE_AD_CLIENT_ID: 'client',
  AZURE_AD_CLIENT_SECRET: 'secret',
  TOKEN_ENCRYPTION_KEY: 'ab'.repeat(32),
};

describe('parseEnv', () => {
  it('fills defaults when optional variables are unset, treating empty strings as unset', () => {
    const env = parseEnv({ ...minimal, NODE_ENV: '', LOG_LEVEL: ' ', DATABASE_URL: '', GRAPH_BASE_URL: '' });
    expect(env).toMatchObject({
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      DATABASE_URL: undefined,
      AZURE_AD_TENANT_ID: 'organizations',
      AZURE_AD_AUTHORITY: 'https://login.microsoftonline.com',
      GRAPH_BASE_URL: 'https://graph.microsoft.com',
    });
  });

  it('keeps valid values and trims a trailing slash from URLs', () => {
    const env = parseEnv({
      ...minimal,
      NODE_ENV: 'production',
      NEXTAUTH_SECRET: 'x'.repeat(32),
      LOG_LEVEL: 'warn',
      DATABASE_URL: 'pglite:memory',
      GRAPH_BASE_URL: 'http://127.0.0.1:4000/',
    });
    expect(env).toMatchObject({
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      GRAPH_BASE_URL: 'http://127.0.0.1:4000',
    });
  });

  it('asks for the missing Pusher credentials when only some are set', () => {
    const error = catchEnvError({ ...minimal, PUSHER_APP_ID: '1', PUSHER_KEY: 'key' });
    expect(error.problems).toEqual(['PUSHER_SECRET: is required when PUSHER_APP_ID and PUSHER_KEY are set']);
    expect(parseEnv({ ...minimal, PUSHER_APP_ID: '1', PUSHER_KEY: 'k', PUSHER_SECRET: 's' })).toMatchObject({
      PUSHER_CLUSTER: 'mt1',
      PUSHER_USE_TLS: 'true',
    });
  });

  it('names a malformed DATABASE_URL and says what it expects', () => {
    const error = catchEnvError({ ...minimal, DATABASE_URL: 'mysql://localhost/mail' });
    expect(error.problems).toHaveLength(1);
    expect(error.message).toMatch(
      /DATABASE_URL: has an unsupported scheme \("mysql:"\): expected "pglite:<folder>"/,
    );
  });

  it('names every bad variable at once', () => {
    const error = catchEnvError({ ...minimal, LOG_LEVEL: 'loud', NODE_ENV: 'staging' });
    expect(error.problems.map((p) => p.split(':')[0])).toEqual(['NODE_ENV', 'LOG_LEVEL']);
    expect(error.message).toContain('got "loud"');
  });

  it('stops on a missing or short TOKEN_ENCRYPTION_KEY, naming it', () => {
    expect(catchEnvError({ ...minimal, TOKEN_ENCRYPTION_KEY: '' }).problems).toEqual([
      'TOKEN_ENCRYPTION_KEY: is required',
    ]);
    expect(catchEnvError({ ...minimal, TOKEN_ENCRYPTION_KEY: 'c2hvcnQ' }).problems[0]).toMatch(
      /^TOKEN_ENCRYPTION_KEY: must be 32 random bytes as base64 or hex \(got 5 bytes\)/,
    );
  });

  it('requires the app registration and, in production, NEXTAUTH_SECRET', () => {
    const error = catchEnvError({
      NODE_ENV: 'production',
      TOKEN_ENCRYPTION_KEY: minimal.TOKEN_ENCRYPTION_KEY,
    });
    expect(error.problems).toEqual([
      'AZURE_AD_CLIENT_ID: is required',
      'AZURE_AD_CLIENT_SECRET: is required',
      'NEXTAUTH_SECRET: is required in production',
    ]);
  });

  it('rejects a non-http GRAPH_BASE_URL', () => {
    expect(catchEnvError({ ...minimal, GRAPH_BASE_URL: 'ftp://graph' }).problems).toEqual([
      'GRAPH_BASE_URL: must be an http(s) URL',
    ]);
  });
});

function catchEnvError(source: Record<string, string>): EnvError {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof EnvError) return error;
    throw error;
  }
  throw new Error('expected parseEnv to throw');
}
