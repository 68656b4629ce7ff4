import type { ServerResponse } from 'node:http';
import type { RateLimitedError } from '../shared/errors.ts';

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
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

/** 429 with Retry-After, and the body a GraphQL client reads: the same error as inside GraphQL. */
export function sendRateLimited(res: ServerResponse, error: RateLimitedError): void {
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
