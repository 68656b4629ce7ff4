import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Every series `/metrics` exposes (Prometheus text, prom-client). Label values come from bounded
 * sets only (schema fields, error codes, purposes, method names): a label taken from client input
 * would let one client create series without end.
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    operations: new Histogram({
      name: 'graphql_operation_duration_seconds',
      help: 'GraphQL requests by root field(s) and outcome (ok, or the first error code); _count is the request count.',
      labelNames: ['operation', 'outcome'] as const,
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    ticketsIssued: new Counter({
      name: 'upload_tickets_issued_total',
      help: 'Upload tickets issued, by purpose and kind (post, put, multipart).',
      labelNames: ['purpose', 'kind'] as const,
      registers,
    }),
    uploadsRejected: new Counter({
      name: 'upload_rejections_total',
      help: 'Uploads refused, by stage (request, confirm) and reason.',
      labelNames: ['stage', 'reason'] as const,
      registers,
    }),
    uploadsConfirmed: new Counter({
      name: 'upload_confirmations_total',
      help: 'confirmUpload answers that linked a file (repeated confirms of one ticket count again).',
      registers,
    }),
    storageCalls: new Histogram({
      name: 'storage_call_duration_seconds',
      help: 'Calls to the object store, by operation and outcome (ok, error).',
      labelNames: ['operation', 'outcome'] as const,
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    databaseQueries: new Histogram({
      name: 'database_query_duration_seconds',
      help: 'SQL statements, as Prisma reports them.',
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    dependencyErrors: new Counter({
      name: 'dependency_unavailable_total',
      help: 'Operations answered DATABASE_UNAVAILABLE or STORAGE_UNAVAILABLE, by dependency.',
      labelNames: ['dependency'] as const,
      registers,
    }),
    sweeps: new Counter({
      name: 'sweep_runs_total',
      help: 'Sweeps of orphaned objects, by outcome (ok, failed).',
      labelNames: ['outcome'] as const,
      registers,
    }),
    sweptObjects: new Counter({
      name: 'sweep_deleted_objects_total',
      help: 'Objects the sweeper deleted.',
      registers,
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

/** The pool's connections at every scrape: total, idle, and requests waiting for one. */
export function observePool(
  registry: Registry,
  pool: { totalCount: number; idleCount: number; waitingCount: number },
): void {
  new Gauge({
    name: 'database_pool_connections',
    help: 'Connections of the database pool: total, idle, and requests waiting for one.',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      this.set({ state: 'total' }, pool.totalCount);
      this.set({ state: 'idle' }, pool.idleCount);
      this.set({ state: 'waiting' }, pool.waitingCount);
    },
  });
}
