// Which browser origins may call the API, which request headers they may send, and how long
// browsers may reuse a preflight answer.
import { DEFAULT_ALLOWED_HEADERS, type CorsPolicy } from '../http/cors.ts';
import { ConfigError, parseUrl, readInt, readList, type Env } from './env-readers.ts';

export function readCorsPolicy(env: Env, production: boolean): CorsPolicy {
  return {
    origins: readCorsOrigins(env, production),
    allowedHeaders: readList(env, 'CORS_ALLOWED_HEADERS')?.map(checkHeaderName) ?? DEFAULT_ALLOWED_HEADERS,
    // Chromium caps the cache at 7200 s, Firefox at 86400 s; 0 makes browsers ask every time.
    maxAgeSeconds: readInt(env, 'CORS_MAX_AGE_SECONDS', 7200, 0, 86_400),
  };
}

/** "*" or comma-separated origins. Development allows any origin; production none unless listed. */
function readCorsOrigins(env: Env, production: boolean): '*' | string[] {
  const origins = readList(env, 'CORS_ORIGINS');
  if (origins === undefined) return production ? [] : '*';
  if (origins.length === 1 && origins[0] === '*') return '*';
  return origins.map((origin) => {
    const parsed = parseUrl(origin);
    if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.origin !== origin) {
      throw new ConfigError(
        'CORS_ORIGINS',
        `must be "*" or comma-separated origins like https://app.example.com (got "${origin}").`,
      );
    }
    return origin;
  });
}

// An HTTP field name (RFC 9110 token). `*` is a token too: browsers read it as "any header"
// (except Authorization, which the API always lists itself).
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9a-z-]+$/;

/** One of CORS_ALLOWED_HEADERS: header names browsers may send besides the API's own (replacing the defaults). */
function checkHeaderName(entry: string): string {
  // Header names are case-insensitive; browsers send them lowercase in the preflight.
  const name = entry.toLowerCase();
  if (!HEADER_NAME.test(name)) {
    throw new ConfigError(
      'CORS_ALLOWED_HEADERS',
      `must be comma-separated header names like traceparent, x-request-id (got "${entry}").`,
    );
  }
  return name;
}
