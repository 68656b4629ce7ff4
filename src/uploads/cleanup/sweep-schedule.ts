import type { Database } from '../../db/prisma.ts';
import type { Metrics } from '../../observability/metrics.ts';
import type { Logger } from '../../shared/logger.ts';
import type { ObjectStorage } from '../../storage/object-storage.ts';
import { sweep, type SweepSettings } from './sweeper.ts';

/**
 * Sweeps every `intervalSeconds` inside the server. Every replica may do this: batches claim their
 * rows with SKIP LOCKED. Runs never overlap within a process; `stop` waits for a running one.
 */
export function startPeriodicSweep(
  deps: { db: Database; storage: ObjectStorage; logger: Logger; metrics?: Metrics },
  settings: SweepSettings & { intervalSeconds: number },
): { stop(): Promise<void> } {
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    running ??= sweep(deps, settings)
      .then((report) => {
        deps.metrics?.sweeps.inc({ outcome: 'ok' });
        deps.metrics?.sweptObjects.inc(report.deletedObjects);
      })
      .catch((error: unknown) => {
        deps.metrics?.sweeps.inc({ outcome: 'failed' });
        deps.logger.warn({ err: error }, 'sweep failed; the next one retries');
      })
      .finally(() => (running = undefined));
  }, settings.intervalSeconds * 1000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
