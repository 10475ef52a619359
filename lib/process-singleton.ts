/**
 * One value per process. Next bundles instrumentation, route handlers and pages
 * separately, so a module-level variable can exist several times in one
 * process; the database handle (PGlite allows one per folder) and the workers
 * must not. They live on globalThis under a registered symbol instead.
 */
export function processSingleton<T>(name: string, create: () => T): T {
  const key = Symbol.for(`order-portal.${name}`);
  const store = globalThis as unknown as Record<symbol, T | undefined>;
  if (store[key] === undefined) store[key] = create();
  return store[key]!;
}
