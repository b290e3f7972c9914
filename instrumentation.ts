/*
 * Runs once when a server process starts, before it serves a request. The Node-only work lives in
 * instrumentation-node.ts so the Edge bundle never sees it.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { startServer } = await import('./instrumentation-node');
    await startServer();
  }
}
