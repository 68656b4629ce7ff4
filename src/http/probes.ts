import type { ServerResponse } from 'node:http';
import { sendJson } from './responses.ts';

export type CheckResult = 'ok' | 'unavailable';

export interface Probes {
  /** Whether the database and the store answer, each within a short deadline. */
  check(): Promise<{ database: CheckResult; storage: CheckResult }>;
  /** True once shutdown began: readiness turns it down so load balancers stop sending requests. */
  draining(): boolean;
}

/**
 * `/livez`: the process serves (no dependency is asked: a store outage must not restart every
 * replica). `/readyz`: the database answers and the process is not draining; the store is reported
 * but does not fail readiness, because without it only confirms fail (with a retryable code) while
 * tickets are still signed, and taking every replica out of rotation would help nobody.
 * `/health`: both dependencies (kept for what already polls it).
 */
export async function serveProbe(probes: Probes, path: '/livez' | '/readyz' | '/health', res: ServerResponse) {
  if (path === '/livez') return sendJson(res, 200, { status: 'ok' });
  // At once, without asking the dependencies (up to 3 s each): the balancer must stop sending
  // requests now, whatever the database and the store are doing.
  if (path === '/readyz' && probes.draining()) return sendJson(res, 503, { status: 'draining' });
  const checks = await probes.check();
  if (path === '/health') {
    const ok = checks.database === 'ok' && checks.storage === 'ok';
    return sendJson(res, ok ? 200 : 503, { status: ok ? 'ok' : 'unavailable', checks });
  }
  const ready = checks.database === 'ok';
  return sendJson(res, ready ? 200 : 503, { status: ready ? 'ok' : 'unavailable', checks });
}

export const PROBE_PATHS = new Set(['/livez', '/readyz', '/health']);
