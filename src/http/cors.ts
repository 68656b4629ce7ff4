import type { IncomingMessage, ServerResponse } from 'node:http';

export type CorsOrigins = '*' | readonly string[];

const ALLOWED_HEADERS = 'authorization, content-type, apollo-require-preflight, x-apollo-operation-name';

/**
 * Adds CORS headers for allowed origins. Tokens travel in the Authorization header, not cookies,
 * so credentials mode is never needed. Returns true when the request was a preflight (answered).
 */
export function applyCors(req: IncomingMessage, res: ServerResponse, origins: CorsOrigins): boolean {
  const origin = req.headers.origin;
  res.setHeader('Vary', 'Origin');
  if (origin && (origins === '*' || origins.includes(origin))) {
    res.setHeader('Access-Control-Allow-Origin', origins === '*' ? '*' : origin);
  }
  // A browser app reads Retry-After from a 429 only when it is exposed.
  if (req.method !== 'OPTIONS') {
    res.setHeader('Access-Control-Expose-Headers', 'retry-after');
    return false;
  }
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
  res.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
  res.setHeader('Access-Control-Max-Age', '600');
  res.statusCode = 204;
  res.end();
  return true;
}
