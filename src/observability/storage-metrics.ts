import type { ObjectStorage } from '../storage/object-storage.ts';
import type { Metrics } from './metrics.ts';

/**
 * The storage port with every call timed into `storage_call_duration_seconds`, by method name
 * and outcome. A decorator over whatever methods the port has, so a new one is measured too.
 */
export function withStorageMetrics(storage: ObjectStorage, metrics: Metrics): ObjectStorage {
  const timed = new Map<PropertyKey, unknown>();
  return new Proxy(storage, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      if (!timed.has(property)) {
        // The label sets are made once per method: a timer per call merged a fresh pair each time.
        const ok = { operation: property, outcome: 'ok' };
        const failed = { operation: property, outcome: 'error' };
        timed.set(property, (...args: unknown[]) => {
          const started = performance.now();
          const result: unknown = (value as (...callArgs: unknown[]) => unknown).apply(target, args);
          // Listings are async iterables, timed page by page by their own calls: pass them through.
          if (!(result instanceof Promise)) return result;
          return result.then(
            (resolved: unknown) => {
              metrics.storageCalls.observe(ok, (performance.now() - started) / 1000);
              return resolved;
            },
            (error: unknown) => {
              metrics.storageCalls.observe(failed, (performance.now() - started) / 1000);
              throw error;
            },
          );
        });
      }
      return timed.get(property);
    },
  });
}
