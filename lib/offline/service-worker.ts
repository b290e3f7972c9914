/// <reference lib="webworker" />
import {
  CacheableResponsePlugin,
  CacheFirst,
  ExpirationPlugin,
  NetworkFirst,
  type PrecacheEntry,
  Serwist,
  type SerwistGlobalConfig,
  StaleWhileRevalidate,
} from 'serwist';
import { APP_SHELL_URL, PAGES_CACHE, SHELL_CACHES } from './cache-names';

/*
 * The service worker (bundled by Serwist at build time, served from /serwist/sw.js). It keeps the app
 * itself available offline, never the person's mail: mail lives in the IndexedDB mirror (lib/offline/
 * mirror.ts), which belongs to one signed-in person and is cleared on sign-out. So:
 * - every built script and style is precached (Serwist's manifest of .next/static), so the whole app,
 *   its lazily loaded parts included, opens offline after one visit;
 * - the mail page is network first, falling back to the copy saved on the last visit. One copy, whatever
 *   the query (/mail?folder=…&message=… opens the same page). It is served with the headers it came with,
 *   its Content-Security-Policy and the nonce its scripts carry included;
 * - API calls are never cached here (the mirror answers for them offline).
 * A new version installs and waits; the page offers "Reload to update" and tells it to take over
 * (SKIP_WAITING) once the draft being written is safe.
 */

declare global {
  interface WorkerGlobalScope extends SerwistGlobalConfig {
    __SW_MANIFEST: (PrecacheEntry | string)[] | undefined;
  }
}
declare const self: ServiceWorkerGlobalScope;

const sameOrigin = (url: URL) => url.origin === self.location.origin;

const serwist = new Serwist({
  precacheEntries: self.__SW_MANIFEST,
  precacheOptions: { cleanupOutdatedCaches: true },
  skipWaiting: false,
  clientsClaim: true,
  navigationPreload: false,
  disableDevLogs: true,
  runtimeCaching: [
    {
      matcher: ({ request, url }) =>
        request.mode === 'navigate' && sameOrigin(url) && url.pathname === APP_SHELL_URL,
      // No network timeout: the saved page stands in only when the network fails, never for a slow
      // answer (the saved page is of whoever last used /mail here).
      handler: new NetworkFirst({
        cacheName: PAGES_CACHE,
        plugins: [
          // Only a page that rendered for a signed-in person: not a redirect to sign-in, not an error.
          new CacheableResponsePlugin({ statuses: [200] }),
          { cacheKeyWillBeUsed: async () => new URL(APP_SHELL_URL, self.location.origin).href },
        ],
      }),
    },
    {
      // Built files a page of a newer deployment asks for (seen online, before this worker updated): kept
      // as they are fetched, so the saved page still opens offline. Hashed names never change content.
      matcher: ({ url }) => sameOrigin(url) && url.pathname.startsWith('/_next/static/'),
      handler: new CacheFirst({
        cacheName: SHELL_CACHES.static,
        plugins: [
          new CacheableResponsePlugin({ statuses: [200] }),
          new ExpirationPlugin({ maxEntries: 400, maxAgeSeconds: 30 * 24 * 60 * 60 }),
        ],
      }),
    },
    {
      matcher: ({ url }) =>
        sameOrigin(url) &&
        /^\/(?:icon[\w-]*\.(?:png|svg)|apple-touch-icon\.png|favicon\.ico)$/.test(url.pathname),
      handler: new StaleWhileRevalidate({ cacheName: SHELL_CACHES.icons }),
    },
  ],
});

self.addEventListener('install', (event) => {
  // The visit that installed this worker was not served through it, so its page was never saved: save it
  // now (with the person's cookies, as a navigation would), so the next open works offline. Only for the
  // first worker: an update waiting behind an older one must not save a page the older one's files can't
  // open; it saves pages once it controls them.
  if (self.registration.active) return;
  event.waitUntil(
    (async () => {
      try {
        const response = await fetch(APP_SHELL_URL, { credentials: 'same-origin', redirect: 'manual' });
        if (response.status === 200) {
          const cache = await caches.open(PAGES_CACHE);
          await cache.put(new URL(APP_SHELL_URL, self.location.origin).href, response);
        }
      } catch {
        // Offline while installing: the next online visit saves the page.
      }
    })(),
  );
});

self.addEventListener('message', (event) => {
  if ((event.data as { type?: unknown } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

serwist.addEventListeners();
