/**
 * State kept once per server process, however many copies of a module the process loads: Next
 * bundles server code into several chunks, `next dev` reloads modules, and scripts/server.ts loads the
 * upload route from the source tree beside Next's build. Every copy gets the same object for `name`
 * (created by the first that asks), so that a cache cleared or a limit counted in one is so in all.
 */
export function processState<T extends object>(name: string, create: () => T): T {
  const store = globalThis as unknown as Record<symbol, T | undefined>;
  const key = Symbol.for(`panicboard.${name}`);
  store[key] ??= create();
  return store[key];
}
