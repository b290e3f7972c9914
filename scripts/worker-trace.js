import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/*
 * Files the worker threads need at run time, as globs for `outputFileTracingIncludes`: their bundles
 * (loaded by path, so tracing cannot see them) and the packages they leave external (scripts/build-workers.ts),
 * with everything those depend on.
 */
const EXTERNAL = [
  'jsdom',
  'dompurify',
  '@electric-sql/pglite',
  'pglite-prisma-adapter',
  '@prisma/client',
  '@prisma/adapter-pg',
  '@prisma/driver-adapter-utils',
  '@microsoft/microsoft-graph-client',
  'pusher',
  'zod',
];

/** Where Node would find package `name` from directory `from`: the nearest node_modules/<name>. */
function packageDir(name, from) {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (path.dirname(dir) === dir) return null;
  }
}

export function workerTraceIncludes(root = process.cwd()) {
  const dirs = new Set();
  const visit = (name, from) => {
    const dir = packageDir(name, from);
    if (!dir || dirs.has(dir)) return;
    dirs.add(dir);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    for (const dependency of Object.keys(manifest.dependencies ?? {})) visit(dependency, dir);
  };
  for (const name of EXTERNAL) visit(name, root);
  return ['./dist/workers/**', ...[...dirs].map((dir) => `./${path.relative(root, dir)}/**`)];
}
