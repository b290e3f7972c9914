/**
 * One value per process under `key`. Next.js may evaluate a module more than once per process (route
 * bundles, instrumentation), so state that must be shared (a database client, in-flight refreshes)
 * lives on globalThis rather than in module scope.
 */
export function processSingleton<T>(key: string, create: () => T): T {
  const store = globalThis as unknown as Record<string, T | undefined>;
  const existing = store[`__tidings_${key}`];
  if (existing !== undefined) return existing;
  const value = create();
  store[`__tidings_${key}`] = value;
  return value;
}
