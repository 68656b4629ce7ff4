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
        timed.set(property, (...args: unknown[]) => {
          const stop = metrics.storageCalls.startTimer({ operation: property });
          const result: unknown = (value as (...callArgs: unknown[]) => unknown).apply(target, args);
          // Listings are async iterables, timed page by page by their own calls: pass them through.
          if (!(result instanceof Promise)) return result;
          return result.then(
            (resolved: unknown) => {
              stop({ outcome: 'ok' });
              return resolved;
            },
            (error: unknown) => {
              stop({ outcome: 'error' });
              throw error;
            },
          );
        });
      }
      return timed.get(property);
    },
  });
}
