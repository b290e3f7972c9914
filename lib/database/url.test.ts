import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatabaseUrlError, describeDatabaseTarget, parseDatabaseUrl } from './url';

describe('parseDatabaseUrl', () => {
  it('defaults to an embedded database in ./.data/pglite when unset or empty', () => {
    for (const raw of [undefined, '', '   ']) {
      expect(parseDatabaseUrl(raw, '/srv/app')).toEqual({ kind: 'pglite', dataDir: '/srv/app/.data/pglite' });
    }
  });

  it('resolves a PGlite folder against the working directory', () => {
    expect(parseDatabaseUrl('pglite:data/db', '/srv/app')).toEqual({
      kind: 'pglite',
      dataDir: path.resolve('/srv/app', 'data/db'),
    });
    expect(parseDatabaseUrl('pglite:/var/lib/tidings', '/srv/app')).toEqual({
      kind: 'pglite',
      dataDir: '/var/lib/tidings',
    });
  });

  it('recognises an in-memory database', () => {
    expect(parseDatabaseUrl('pglite:memory')).toEqual({ kind: 'pglite-memory' });
  });

  it('accepts postgres:// and postgresql:// URLs', () => {
    for (const url of [
      'postgres://u:p@localhost:5432/tidings',
      'postgresql://u@db.example/tidings?sslmode=require',
    ]) {
      expect(parseDatabaseUrl(url)).toEqual({ kind: 'postgres', url });
    }
  });

  it.each([
    ['mysql://localhost/db', 'unsupported scheme ("mysql:")'],
    ['just-a-word', 'unsupported scheme (none)'],
    ['pglite:', 'names no folder'],
    ['pglite://host/db', 'has a host'],
    ['postgres://localhost', 'names no database'],
    ['postgres://', 'names no host'],
    ['postgres://user:pa ss@[bad/db', 'is not a valid URL'],
  ])('rejects %s with a message naming the variable', (raw, reason) => {
    expect(() => parseDatabaseUrl(raw)).toThrow(DatabaseUrlError);
    expect(() => parseDatabaseUrl(raw)).toThrow(new RegExp(`^DATABASE_URL .*${escapeRegExp(reason)}`));
  });

  it('describes a PostgreSQL target without its password', () => {
    const text = describeDatabaseTarget(parseDatabaseUrl('postgres://user:s3cret@db:6543/mail'));
    expect(text).toBe('PostgreSQL at db:6543/mail');
    expect(text).not.toContain('s3cret');
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
