import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { AuthenticationError } from '../shared/errors.ts';
import type { Identity } from './identity.ts';

export type TokenVerifierSettings =
  | { kind: 'secret'; secret: Uint8Array; issuer?: string | undefined; audience?: string | undefined }
  | { kind: 'jwks'; jwksUrl: string; issuer?: string | undefined; audience?: string | undefined };

/** How long a token may live (from `iat` to `exp`), and how far clocks may disagree. */
export interface TokenLifetime {
  maxLifetimeSeconds: number;
  clockToleranceSeconds: number;
}

export type TokenVerifier = (token: string) => Promise<Identity>;

const MAX_SUBJECT_LENGTH = 255;
const MAX_NAME_LENGTH = 200;

/**
 * Verifies bearer JWTs: HS256 with a shared secret, or RS256/ES256 against a provider's JWKS
 * (Auth0, Cognito, ...). The algorithm list is fixed per mode so a token cannot pick a weaker one.
 * Every token must say when it was issued and when it expires, and live no longer than
 * `maxLifetimeSeconds`: a leaked token without `exp` would otherwise work forever.
 */
export function createTokenVerifier(settings: TokenVerifierSettings, lifetime: TokenLifetime): TokenVerifier {
  // A shared secret is used as a constant key getter, so both modes go through one jwtVerify call.
  // It is imported as a CryptoKey once: handing jose the raw bytes imports them on every request.
  let hmacKey: Promise<CryptoKey> | undefined;
  const key: JWTVerifyGetKey =
    settings.kind === 'secret'
      ? () => (hmacKey ??= importHmacKey(settings.secret))
      : createRemoteJWKSet(new URL(settings.jwksUrl));
  const options = {
    algorithms: settings.kind === 'secret' ? ['HS256'] : ['RS256', 'ES256'],
    clockTolerance: lifetime.clockToleranceSeconds,
    requiredClaims: ['exp', 'iat', 'sub'],
    // Also refuses an `iat` in the future (beyond the tolerance).
    maxTokenAge: lifetime.maxLifetimeSeconds,
    ...(settings.issuer ? { issuer: settings.issuer } : {}),
    ...(settings.audience ? { audience: settings.audience } : {}),
  };
  return async (token) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, key, options));
    } catch (error) {
      throw new AuthenticationError(describe(error));
    }
    // jose bounds the age; this bounds what the issuer promised, so a year-long token is refused
    // on its first use rather than a day after it was issued.
    if ((payload.exp ?? 0) - (payload.iat ?? 0) > lifetime.maxLifetimeSeconds + lifetime.clockToleranceSeconds) {
      throw new AuthenticationError(`The token lives longer than the ${lifetime.maxLifetimeSeconds} s allowed.`);
    }
    return identityOf(payload);
  };
}

function importHmacKey(secret: Uint8Array): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', new Uint8Array(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
}

// Control characters (NUL above all: PostgreSQL refuses it in text) have no place in an id or a name.
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;
const CONTROL_CHARACTERS = new RegExp(CONTROL_CHARACTER.source, 'g');

function identityOf(payload: JWTPayload): Identity {
  const subject = payload.sub;
  // A lone surrogate would be stored as U+FFFD: two different subjects would become one user.
  if (
    typeof subject !== 'string' ||
    subject === '' ||
    subject.length > MAX_SUBJECT_LENGTH ||
    !subject.isWellFormed() ||
    CONTROL_CHARACTER.test(subject)
  ) {
    throw new AuthenticationError('The token has no usable "sub" claim.');
  }
  const claimed = typeof payload['name'] === 'string' ? payload['name'] : '';
  const name = claimed.toWellFormed().replace(CONTROL_CHARACTERS, ' ').trim().slice(0, MAX_NAME_LENGTH).toWellFormed();
  return { subject, name: name === '' ? subject : name };
}

function describe(error: unknown): string {
  if (error instanceof errors.JWTExpired) {
    return error.claim === 'iat' ? 'The token was issued too long ago.' : 'The token has expired.';
  }
  if (error instanceof errors.JWTClaimValidationFailed) return `The token's "${error.claim}" claim is not accepted.`;
  return 'The token is not valid.';
}
