import type { IncomingMessage, ServerResponse } from 'node:http';

export type CorsOrigins = '*' | readonly string[];

export interface CorsPolicy {
  origins: CorsOrigins;
  /** Request headers allowed besides the API's own (API_HEADERS), lowercase. */
  allowedHeaders: readonly string[];
  /** How long a browser may reuse a preflight answer (Access-Control-Max-Age). */
  maxAgeSeconds: number;
}

/** What the API itself reads: without these no browser client works, whatever is configured. */
export const API_HEADERS = ['authorization', 'content-type', 'apollo-require-preflight', 'x-apollo-operation-name'];

/**
 * What real frontends send on every request: Apollo Client's client awareness, W3C trace context
 * and baggage (OpenTelemetry's browser fetch instrumentation), Sentry's tracing header and a
 * request id. A browser whose preflight does not allow one of them fails the request outright
 * ("Failed to fetch"), so the default lets them through; CORS_ALLOWED_HEADERS replaces this list.
 */
export const DEFAULT_ALLOWED_HEADERS = [
  'apollographql-client-name',
  'apollographql-client-version',
  'traceparent',
  'tracestate',
  'baggage',
  'sentry-trace',
  'x-request-id',
];

// Retry-After tells a rate-limited app when to retry; x-request-id ties its error report to our log
// line. Browsers hide every other response header from scripts unless it is listed here.
const EXPOSED_HEADERS = 'retry-after, x-request-id';

/**
 * Adds CORS headers for allowed origins. Tokens travel in the Authorization header, not cookies,
 * so credentials mode is never needed. Returns true when the request was a preflight (answered).
 */
export function applyCors(req: IncomingMessage, res: ServerResponse, policy: CorsPolicy): boolean {
  const { origins } = policy;
  const origin = req.headers.origin;
  res.setHeader('Vary', 'Origin');
  if (origin && (origins === '*' || origins.includes(origin))) {
    res.setHeader('Access-Control-Allow-Origin', origins === '*' ? '*' : origin);
  }
  if (req.method !== 'OPTIONS') {
    res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
    return false;
  }
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
  res.setHeader('Access-Control-Allow-Headers', [...new Set([...API_HEADERS, ...policy.allowedHeaders])].join(', '));
  // Without it every request of an app that sends any of the headers above costs two round trips.
  res.setHeader('Access-Control-Max-Age', String(policy.maxAgeSeconds));
  res.statusCode = 204;
  res.end();
  return true;
}
