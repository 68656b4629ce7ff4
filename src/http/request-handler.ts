import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DemoPage } from '../demo/demo-page.ts';
import type { Metrics } from '../observability/metrics.ts';
import { newOperationRecord, type OperationRecord } from '../observability/operation-record.ts';
import { RateLimitedError } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import { requestScope } from '../shared/request-scope.ts';
import { applyCors, type CorsPolicy } from './cors.ts';
import { serveGraphQL, type GraphQLEndpointDeps } from './graphql-endpoint.ts';
import { PROBE_PATHS, serveProbe, type Probes } from './probes.ts';
import { HttpError } from './read-body.ts';
import { logWhenFinished, requestIdOf } from './request-log.ts';
import { sendJson, sendRateLimited } from './responses.ts';

export interface RequestHandlerDeps extends GraphQLEndpointDeps {
  probes: Probes;
  cors: CorsPolicy;
  logger: Logger;
  /** Prometheus text at /metrics, when given. */
  metrics?: Metrics | undefined;
  /** Serves /demo and /demo/* (development only; absent in production). */
  demo?: DemoPage | undefined;
}

/**
 * The whole HTTP surface on plain node:http: `/graphql` (GET and POST) through Apollo, the
 * probes, `/metrics`, and in development the demo page. No framework in between: it is the hot
 * path of every upload. Everything a request does runs in its request scope (its id in every log
 * line written meanwhile).
 */
export function createRequestHandler(deps: RequestHandlerDeps) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const requestId = requestIdOf(req, res);
    const record = url.pathname === '/graphql' ? newOperationRecord() : undefined;
    logWhenFinished(deps, req, res, { path: url.pathname, requestId, record });
    requestScope.run({ requestId }, () => route(deps, req, res, url, record));
  };
}

function route(
  deps: RequestHandlerDeps,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  record: OperationRecord | undefined,
): void {
  const readOnly = req.method === 'GET' || req.method === 'HEAD';
  let handled: Promise<void>;
  if (record) {
    if (applyCors(req, res, deps.cors)) return;
    handled = serveGraphQL(deps, req, res, { search: url.search, record });
  } else if (PROBE_PATHS.has(url.pathname) && readOnly) {
    handled = serveProbe(deps.probes, url.pathname as '/livez' | '/readyz' | '/health', res);
  } else if (url.pathname === '/metrics' && readOnly && deps.metrics) {
    handled = serveMetrics(deps.metrics, res);
  } else if (deps.demo && /^\/demo(\/|$)/.test(url.pathname) && req.method === 'GET') {
    handled = deps.demo(url.pathname, res);
  } else {
    handled = Promise.resolve(sendJson(res, 404, { error: 'Not found. The API is at /graphql.' }));
  }
  handled.catch((error: unknown) => {
    if (error instanceof HttpError) {
      if (record) record.outcome = `HTTP_${error.status}`;
      return sendJson(res, error.status, { errors: [{ message: error.message }] });
    }
    if (error instanceof RateLimitedError) {
      if (record) record.outcome = 'RATE_LIMITED';
      return sendRateLimited(res, error);
    }
    if (record) record.outcome = 'INTERNAL_SERVER_ERROR';
    deps.logger.error({ err: error }, 'request failed');
    sendJson(res, 500, { errors: [{ message: 'Internal server error' }] });
  });
}

async function serveMetrics(metrics: Metrics, res: ServerResponse): Promise<void> {
  const body = await metrics.registry.metrics();
  res.setHeader('content-type', metrics.registry.contentType);
  res.setHeader('cache-control', 'no-store');
  res.end(body);
}
