import path from 'node:path';

/** Where the database lives, decided once from `DATABASE_URL`. */
export type DatabaseTarget =
  | { kind: 'pglite'; dataDir: string }
  | { kind: 'pglite-memory' }
  | { kind: 'postgres'; url: string };

export const DEFAULT_DATABASE_URL = 'pglite:./.data/pglite';

const EXPECTED =
  'expected "pglite:<folder>", "pglite:memory" or "postgres://user:password@host:5432/database" (unset means pglite:./.data/pglite)';

export class DatabaseUrlError extends Error {
  constructor(reason: string) {
    super(`DATABASE_URL ${reason}: ${EXPECTED}`);
    this.name = 'DatabaseUrlError';
  }
}

/**
 * Parses `DATABASE_URL`. Relative PGlite folders resolve against `cwd` so the app, the scripts and the
 * tests agree on one folder whichever of them opens it.
 */
export function parseDatabaseUrl(raw: string | undefined, cwd: string = process.cwd()): DatabaseTarget {
  const value = raw?.trim() || DEFAULT_DATABASE_URL;

  if (value.startsWith('pglite:')) {
    const rest = value.slice('pglite:'.length);
    if (rest === 'memory') return { kind: 'pglite-memory' };
    if (rest === '') throw new DatabaseUrlError('names no folder after "pglite:"');
    if (rest.startsWith('//'))
      throw new DatabaseUrlError(`has a host in "${value}"; a PGlite URL names a folder`);
    return { kind: 'pglite', dataDir: path.resolve(cwd, rest) };
  }

  if (/^postgres(ql)?:\/\//.test(value)) {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new DatabaseUrlError('is not a valid URL');
    }
    if (!url.hostname) throw new DatabaseUrlError('names no host');
    if (url.pathname.length <= 1) throw new DatabaseUrlError('names no database after the host');
    return { kind: 'postgres', url: value };
  }

  const scheme = value.includes(':') ? `"${value.split(':')[0]}:"` : 'none';
  throw new DatabaseUrlError(`has an unsupported scheme (${scheme})`);
}

/** A description safe to log: never the password. */
export function describeDatabaseTarget(target: DatabaseTarget): string {
  switch (target.kind) {
    case 'pglite':
      return `embedded PGlite in ${target.dataDir}`;
    case 'pglite-memory':
      return 'embedded PGlite in memory';
    case 'postgres': {
      const url = new URL(target.url);
      return `PostgreSQL at ${url.hostname}:${url.port || '5432'}${url.pathname}`;
    }
  }
}
