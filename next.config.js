/** @type {import('next').NextConfig} */
const config = {
  reactStrictMode: true,
  poweredByHeader: false,
  // A second build beside the first (a parallel e2e run) can write elsewhere.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // Loaded by Node at run time, not bundled: PGlite and the schema engine ship WebAssembly and data files.
  serverExternalPackages: ['@electric-sql/pglite', 'pglite-prisma-adapter', '@prisma/adapter-pg', 'pg'],
};

export default config;
