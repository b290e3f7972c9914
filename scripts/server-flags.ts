/*
 * Node's flags for the production server, wherever it is started: `npm start` (package.json spells the same
 * flags, as it cannot import this), the demo, the bench and the end-to-end tests' server.
 *
 * --max-semi-space-size=2: V8's young generation with semi-spaces of 2 MB instead of the default that grows
 * to 16 MB (Node 20, 64-bit), for every thread of the process (the flag is process-wide, so the database
 * and background threads get it too). Each webhook and page allocates short-lived objects; with the default,
 * every thread's young generation grows to its maximum under load and stays resident, and each scavenge has
 * more to walk. Measured with `npm run bench -- --webhook-only` on the 2-core machine (2026-12-01): app RSS
 * during 500 notifications/s on PostgreSQL 1.59× idle before, 1.24× after; the PGlite answers' p99
 * 38 → 35 ms; throughput unchanged.
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=2'];
