// GET /serwist/sw.js — the service worker, bundled once at build time with the list of files to precache.
import { createSerwistRoute } from '@serwist/turbopack';

export const { dynamic, dynamicParams, revalidate, generateStaticParams, GET } = createSerwistRoute({
  swSrc: 'lib/offline/service-worker.ts',
  useNativeEsbuild: true,
  // The built scripts and styles, and the icons; not the rest of public/.
  globPatterns: [
    `${process.env.NEXT_DIST_DIR || '.next'}/static/**/*.{js,css,woff2}`,
    'public/*.{png,svg,ico}',
  ],
});
