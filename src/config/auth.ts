// How bearer tokens are verified (a shared secret, a JWKS URL, or the development secret) and how
// long they may live.
import path from 'node:path';
import { ConfigError, readInt, readString, readUrl, type Env } from './env-readers.ts';

export type AuthConfig =
  | { kind: 'secret'; secret: string; issuer: string | undefined; audience: string | undefined }
  /** Development only: a random secret kept in a file of the local data directory. */
  | { kind: 'dev-secret'; file: string }
  | { kind: 'jwks'; jwksUrl: string; issuer: string | undefined; audience: string | undefined };

/** Every token's `iat` to `exp` at most this long; clocks may disagree by the tolerance. */
export interface TokenLimits {
  maxLifetimeSeconds: number;
  clockToleranceSeconds: number;
}

export function readTokenLimits(env: Env): TokenLimits {
  return {
    maxLifetimeSeconds: readInt(env, 'JWT_MAX_LIFETIME_SECONDS', 24 * 3600, 60, 30 * 24 * 3600),
    clockToleranceSeconds: readInt(env, 'JWT_CLOCK_TOLERANCE_SECONDS', 30, 0, 600),
  };
}

export function readAuth(env: Env, production: boolean, dataDir: string): AuthConfig {
  const secret = readString(env, 'JWT_SECRET');
  const jwksUrl = readUrl(env, 'JWT_JWKS_URL', ['https:', 'http:']);
  if (secret !== undefined && jwksUrl) {
    throw new ConfigError(
      'JWT_SECRET',
      'and JWT_JWKS_URL are both set: choose HS256 with a shared secret or RS256/ES256 with a JWKS URL.',
    );
  }
  if (jwksUrl) return { kind: 'jwks', jwksUrl: jwksUrl.toString(), ...readClaims(env) };
  if (secret !== undefined) {
    if (Buffer.byteLength(secret) < 32) {
      throw new ConfigError(
        'JWT_SECRET',
        'must be at least 32 bytes long (HS256 keys shorter than the hash are guessable). Generate one with: openssl rand -base64 48',
      );
    }
    return { kind: 'secret', secret, ...readClaims(env) };
  }
  if (production) {
    throw new ConfigError('JWT_SECRET', 'or JWT_JWKS_URL is required when NODE_ENV=production.');
  }
  return { kind: 'dev-secret', file: path.join(dataDir, 'dev-jwt-secret') };
}

/** The `iss` and `aud` every token must carry, when set. */
function readClaims(env: Env): { issuer: string | undefined; audience: string | undefined } {
  return { issuer: readString(env, 'JWT_ISSUER'), audience: readString(env, 'JWT_AUDIENCE') };
}
