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
        timed.set(property, async (...args: unknown[]) => {
          const stop = metrics.storageCalls.startTimer({ operation: property });
          try {
            const result: unknown = await (value as (...callArgs: unknown[]) => Promise<unknown>).apply(target, args);
            stop({ outcome: 'ok' });
            return result;
          } catch (error) {
            stop({ outcome: 'error' });
            throw error;
          }
        });
      }
      return timed.get(property);
    },
  });
}
