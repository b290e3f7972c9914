import { API_CONTENT_SECURITY_POLICY, securityHeaders } from './lib/security/static-headers.js';
import { workerTraceIncludes } from './scripts/worker-trace.js';

/*
 * Security headers are fixed when the app is built (Next.js writes them into its routes manifest), so
 * HSTS follows NEXTAUTH_URL as the build sees it; proxy.ts decides it again at run time for pages.
 * The pages' Content-Security-Policy carries a per-request nonce and is set in proxy.ts.
 */
const appUrl = process.env.NEXTAUTH_URL?.trim() || undefined;

/** @type {import('next').NextConfig} */
const config = {
  reactStrictMode: true,
  poweredByHeader: false,
  // A second build beside the first (a parallel e2e run) can write elsewhere.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // Loaded by Node at run time, not bundled: PGlite and the schema engine ship WebAssembly and data files.
  // piscina starts worker threads from its own files; jsdom reads its files at run time.
  serverExternalPackages: [
    '@electric-sql/pglite',
    'pglite-prisma-adapter',
    '@prisma/adapter-pg',
    'pg',
    'piscina',
    'jsdom',
    'dompurify',
  ],
  // The mail sanitizer's worker bundle is loaded by path, so tracing cannot find it or what it imports.
  outputFileTracingIncludes: { '/**': workerTraceIncludes() },
  async headers() {
    return [
      {
        source: '/:path*',
        headers: securityHeaders({ production: process.env.NODE_ENV === 'production', appUrl }),
      },
      {
        // The service worker fetches only from this origin and runs no other script.
        source: '/serwist/:path*',
        headers: [{ key: 'Content-Security-Policy', value: "default-src 'self'; script-src 'self'" }],
      },
      {
        source: '/api/:path*',
        headers: [{ key: 'Content-Security-Policy', value: API_CONTENT_SECURITY_POLICY }],
      },
    ];
  },
};

export default config;
