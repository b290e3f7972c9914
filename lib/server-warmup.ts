import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

/*
 * Next.js loads a page's server-rendering chunks for its client components on the first request that
 * renders the page: for the mail screen, half a second of reading and compiling JavaScript with the event
 * loop held, paid by the first person to sign in after every start or deploy. Next's own start-up preload
 * (preloadEntriesOnStart) loads each page's entry but not those chunks, which the page's client reference
 * manifest lists. Requiring them here, before the server answers, puts them in Node's module cache, where
 * Next's runtime finds them (it loads chunks with require); their code only registers module factories, so
 * nothing of the app runs early. Nothing installable does this; a page that is not in a manifest is simply
 * loaded on first use as before.
 */

const SSR_CHUNK = /"(server\/chunks\/ssr\/[^"]+\.js)"/g;

async function manifests(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await manifests(full)));
    else if (entry.name.endsWith('_client-reference-manifest.js')) found.push(full);
  }
  return found;
}

/** The server-rendering chunks every page's manifest names, relative to the build folder. */
export async function pageChunks(distDir: string): Promise<string[]> {
  const chunks = new Set<string>();
  for (const manifest of await manifests(path.join(distDir, 'server', 'app'))) {
    for (const match of (await readFile(manifest, 'utf8')).matchAll(SSR_CHUNK)) chunks.add(match[1] ?? '');
  }
  chunks.delete('');
  return [...chunks].sort();
}

/** Loads every page's server-rendering chunks into the module cache; says how many. */
export async function warmPageChunks(distDir: string): Promise<number> {
  const load = createRequire(path.join(distDir, 'server', 'noop.js'));
  let loaded = 0;
  for (const chunk of await pageChunks(distDir)) {
    try {
      load(path.join(distDir, chunk));
      loaded++;
    } catch {
      // A chunk that will not load now fails the same way on the request that needs it, and says so there.
    }
  }
  return loaded;
}
