import { API_CONTENT_SECURITY_POLICY, securityHeaders } from './lib/security/static-headers.js';
import { workerTraceIncludes } from './scripts/worker-trace.js';

/*
 * Security headers are fixed when the app is built (Next.js writes them into its routes manifest), so
 * HSTS follows NEXTAUTH_URL as the build sees it; proxy.ts decides it again at run time for pages.
 * The pages' Content-Security-Policy carries a per-request nonce and is set in proxy.ts.
 */
const appUrl = process.env.NEXTAUTH_URL?.trim() || undefined;

/*
 * Next.js never lets a route replace a header set here, so the one path that must differ, attachment
 * previews (framed by the app itself, with a CSP per kind of file), is left out of the rules for the rest.
 */
const ATTACHMENT_PREVIEW = 'api/messages/:id/attachments/:attachmentId/preview';
const NOT_ATTACHMENT_PREVIEW = '(?!api/messages/[^/]+/attachments/[^/]+/preview$)';

/** @type {import('next').NextConfig} */
const config = {
  reactStrictMode: true,
  poweredByHeader: false,
  // A second build beside the first (a parallel e2e run) can write elsewhere.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // Several people building one working tree at once: `npm run typecheck` (part of npm test) is the check,
  // so a build for a local end-to-end run may skip it when asked. Never set in CI or deployments.
  typescript: { ignoreBuildErrors: process.env.NEXT_SKIP_TYPECHECK === '1' },
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
    const common = securityHeaders({ production: process.env.NODE_ENV === 'production', appUrl });
    return [
      {
        source: `/:path(${NOT_ATTACHMENT_PREVIEW}.*)`,
        headers: common,
      },
      {
        // The app's own viewer frames attachment previews; each sends its own CSP (lib/mail/attachment-preview.ts).
        source: `/${ATTACHMENT_PREVIEW}`,
        headers: common.map((h) => (h.key === 'X-Frame-Options' ? { ...h, value: 'SAMEORIGIN' } : h)),
      },
      {
        // The service worker fetches only from this origin and runs no other script.
        source: '/serwist/:path*',
        headers: [{ key: 'Content-Security-Policy', value: "default-src 'self'; script-src 'self'" }],
      },
      {
        source: `/:path(${NOT_ATTACHMENT_PREVIEW}api/.*)`,
        headers: [{ key: 'Content-Security-Policy', value: API_CONTENT_SECURITY_POLICY }],
      },
    ];
  },
};

export default config;
