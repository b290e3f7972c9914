import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pageChunks, warmPageChunks } from './server-warmup';

/** A build folder shaped like Next's: two pages' client reference manifests naming their SSR chunks. */
function fakeBuild() {
  const dist = mkdtempSync(path.join(tmpdir(), 'tidings-warm-'));
  const page = (dir: string, chunks: string[]) => {
    mkdirSync(path.join(dist, 'server', 'app', dir), { recursive: true });
    const manifest = { ssrModuleMapping: { 1: { '*': { id: 1, chunks, async: false } } } };
    writeFileSync(
      path.join(dist, 'server', 'app', dir, 'page_client-reference-manifest.js'),
      `globalThis.__RSC_MANIFEST = {}; globalThis.__RSC_MANIFEST["/${dir}/page"] = ${JSON.stringify(manifest)};`,
    );
  };
  page('(mail)/mail', ['server/chunks/ssr/a.js', 'server/chunks/ssr/broken.js']);
  page('settings', ['server/chunks/ssr/a.js', 'server/chunks/ssr/b.js']);
  mkdirSync(path.join(dist, 'server', 'chunks', 'ssr'), { recursive: true });
  writeFileSync(path.join(dist, 'server', 'chunks', 'ssr', 'a.js'), 'module.exports = [1, () => {}];');
  writeFileSync(path.join(dist, 'server', 'chunks', 'ssr', 'b.js'), 'module.exports = [2, () => {}];');
  writeFileSync(path.join(dist, 'server', 'chunks', 'ssr', 'broken.js'), 'throw new Error("no");');
  return dist;
}

describe('warmPageChunks', () => {
  it('finds every page’s server-rendering chunks once each', async () => {
    expect(await pageChunks(fakeBuild())).toEqual([
      'server/chunks/ssr/a.js',
      'server/chunks/ssr/b.js',
      'server/chunks/ssr/broken.js',
    ]);
  });

  it('puts them in Node’s module cache, skipping one that does not load', async () => {
    const dist = fakeBuild();
    expect(await warmPageChunks(dist)).toBe(2);
    const cache = createRequire(import.meta.url).cache;
    expect(Object.keys(cache)).toEqual(
      expect.arrayContaining([
        path.join(dist, 'server', 'chunks', 'ssr', 'a.js'),
        path.join(dist, 'server', 'chunks', 'ssr', 'b.js'),
      ]),
    );
  });

  it('does nothing for a build without manifests', async () => {
    expect(await warmPageChunks(mkdtempSync(path.join(tmpdir(), 'tidings-warm-')))).toBe(0);
  });
});
