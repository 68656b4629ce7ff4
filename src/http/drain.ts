import type { Server, ServerResponse } from 'node:http';
import type { Logger } from '../shared/logger.ts';

export interface DrainReport {
  /** Requests still unanswered when the grace period ran out, whose connections were cut. */
  cutRequests: number;
}

export interface Drain {
  /** True from the moment `drain` is called: readiness answers 503 from then on. */
  readonly draining: boolean;
  /**
   * Stops accepting connections, lets the requests in flight finish for up to `graceMs`, then cuts
   * whatever is left and says how many were cut (also in a warning: an operator must be able to
   * tell a clean shutdown from one that dropped requests).
   */
  drain(graceMs: number): Promise<DrainReport>;
}

/**
 * Counts the requests `server` is answering, so a shutdown can wait for exactly those. Apollo's
 * drain plugin does the waiting too, but cuts silently after its own fixed 10 s and cannot say
 * how many requests it cut. Call before the request handler is attached.
 */
export function trackRequests(server: Server, logger: Logger): Drain {
  const open = new Set<ServerResponse>();
  let draining = false;
  let settled: (() => void) | undefined;
  server.on('request', (_req, res: ServerResponse) => {
    open.add(res);
    // Answers given while draining close their connection: the client reconnects elsewhere
    // instead of sending its next request to a process that is going away.
    if (draining) res.shouldKeepAlive = false;
    res.once('close', () => {
      open.delete(res);
      if (open.size === 0) settled?.();
    });
  });

  return {
    get draining() {
      return draining;
    },
    async drain(graceMs) {
      draining = true;
      for (const res of open) if (!res.headersSent) res.shouldKeepAlive = false;
      // Stops listening and closes idle keep-alive connections; ones with a request in flight stay.
      const closed = server.listening
        ? new Promise<void>((resolve) => server.close(() => resolve()))
        : Promise.resolve();
      if (open.size > 0) {
        let timer: NodeJS.Timeout | undefined;
        await new Promise<void>((resolve) => {
          settled = resolve;
          timer = setTimeout(resolve, graceMs);
        });
        clearTimeout(timer);
      }
      const cutRequests = open.size;
      if (cutRequests > 0) {
        logger.warn(
          { cutRequests, graceSeconds: graceMs / 1000 },
          `shutdown grace period of ${graceMs / 1000} s passed: cut ${cutRequests} request(s) still in flight`,
        );
      }
      // Whatever is left (cut requests, connections that never sent a whole request) goes now.
      server.closeAllConnections();
      await closed;
      return { cutRequests };
    },
  };
}
