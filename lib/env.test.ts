import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from './env';

describe('parseEnv', () => {
  it('fills defaults when nothing is set, treating empty strings as unset', () => {
    const env = parseEnv({ NODE_ENV: '', LOG_LEVEL: ' ', DATABASE_URL: '' });
    expect(env).toEqual({ NODE_ENV: 'development', LOG_LEVEL: 'info', DATABASE_URL: undefined });
  });

  it('keeps valid values', () => {
    const env = parseEnv({ NODE_ENV: 'production', LOG_LEVEL: 'warn', DATABASE_URL: 'pglite:memory' });
    expect(env).toMatchObject({ NODE_ENV: 'production', LOG_LEVEL: 'warn', DATABASE_URL: 'pglite:memory' });
  });

  it('names a malformed DATABASE_URL and says what it expects', () => {
    const error = catchEnvError({ DATABASE_URL: 'mysql://localhost/mail' });
    expect(error.problems).toHaveLength(1);
    expect(error.message).toMatch(
      /DATABASE_URL: has an unsupported scheme \("mysql:"\): expected "pglite:<folder>"/,
    );
  });

  it('names every bad variable at once', () => {
    const error = catchEnvError({ LOG_LEVEL: 'loud', NODE_ENV: 'staging' });
    expect(error.problems.map((p) => p.split(':')[0])).toEqual(['NODE_ENV', 'LOG_LEVEL']);
    expect(error.message).toContain('got "loud"');
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
