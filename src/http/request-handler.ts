import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { DemoPage } from '../demo/demo-page.ts';
import type { GraphQLContext } from '../graphql/context.ts';
import type { RateLimits } from '../rate-limits/rate-limits.ts';
import { RateLimitedError } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import { clientAddress } from './client-address.ts';
import { applyCors, type CorsOrigins } from './cors.ts';
import { HttpError, readJsonBody } from './read-body.ts';

export interface RequestHandlerDeps {
  apollo: ApolloServer<GraphQLContext>;
  contextFor(request: { authorization: string | undefined; clientAddress: string }): GraphQLContext;
  /** Whether the database and the storage answer. */
  health(): Promise<{ ok: boolean; checks: Record<string, 'ok' | 'unavailable'> }>;
  corsOrigins: CorsOrigins;
  maxBodyBytes: number;
  rateLimits: RateLimits;
  /** Proxies in front that append to X-Forwarded-For (see client-address.ts). */
  trustedProxies: number;
  logger: Logger;
  /** Serves /demo and /demo/* (development only; absent in production). */
  demo?: DemoPage | undefined;
}

/**
 * The whole HTTP surface on plain node:http: `/graphql` (GET and POST) through Apollo,
 * `/health`, and in development the demo page. No framework in between: it is the hot path of
 * every upload.
 */
export function createRequestHandler(deps: RequestHandlerDeps) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    logWhenFinished(deps.logger, req, res, url.pathname);
    let handled: Promise<void>;
    if (url.pathname === '/graphql') {
      if (applyCors(req, res, deps.corsOrigins)) return;
      handled = serveGraphQL(deps, req, res, url.search);
    } else if (url.pathname === '/health' && (req.method === 'GET' || req.method === 'HEAD')) {
      handled = serveHealth(deps, res);
    } else if (deps.demo && /^\/demo(\/|$)/.test(url.pathname) && req.method === 'GET') {
      handled = deps.demo(url.pathname, res);
    } else {
      handled = Promise.resolve(sendJson(res, 404, { error: 'Not found. The API is at /graphql.' }));
    }
    handled.catch((error: unknown) => {
      if (error instanceof HttpError) return sendJson(res, error.status, { errors: [{ message: error.message }] });
      if (error instanceof RateLimitedError) return sendRateLimited(res, error);
      deps.logger.error({ err: error }, 'request failed');
      sendJson(res, 500, { errors: [{ message: 'Internal server error' }] });
    });
  };
}

async function serveGraphQL(deps: RequestHandlerDeps, req: IncomingMessage, res: ServerResponse, search: string) {
  const address = clientAddress(req, deps.trustedProxies);
  // Before the body is read: a refused client costs a counter increment, nothing more.
  await deps.rateLimits.request(address);
  const body = req.method === 'POST' ? await readJsonBody(req, deps.maxBodyBytes) : undefined;
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const response = await deps.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: req.method?.toUpperCase() ?? 'GET', headers, search, body },
    context: () =>
      Promise.resolve(deps.contextFor({ authorization: req.headers.authorization, clientAddress: address })),
  });
  // GraphQL answers are per viewer and never cached (the schema has no cache hints).
  res.setHeader('cache-control', 'no-store');
  for (const [name, value] of response.headers) res.setHeader(name, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

async function serveHealth(deps: RequestHandlerDeps, res: ServerResponse) {
  const { ok, checks } = await deps.health();
  sendJson(res, ok ? 200 : 503, { status: ok ? 'ok' : 'unavailable', checks });
}

/** 429 with Retry-After, and the body a GraphQL client reads: the same error as inside GraphQL. */
function sendRateLimited(res: ServerResponse, error: RateLimitedError): void {
  if (!res.headersSent) res.setHeader('retry-after', String(error.retryAfterSeconds));
  sendJson(res, 429, {
    errors: [
      {
        message: error.message,
        extensions: { code: 'RATE_LIMITED', retryAfterSeconds: error.retryAfterSeconds, limit: error.limit },
      },
    ],
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.statusCode = status;
  // The rest of a refused body may still be arriving: do not keep reading it on this connection.
  if (status === 413) res.setHeader('connection', 'close');
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.end(JSON.stringify(body));
}

/**
 * One line per request, on completion. Only the method, the path and the outcome: query strings,
 * headers and bodies can carry tokens, presigned URLs and personal data.
 */
function logWhenFinished(logger: Logger, req: IncomingMessage, res: ServerResponse, path: string): void {
  const started = performance.now();
  res.once('finish', () => {
    logger.info(
      { method: req.method, path, status: res.statusCode, ms: Math.round((performance.now() - started) * 10) / 10 },
      'request',
    );
  });
}
