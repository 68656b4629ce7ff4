import { createVerifier, TokenError } from 'fast-jwt';
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
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
 *
 * Two libraries, one rule set: a shared secret is checked with fast-jwt, synchronously on
 * node:crypto (jose verifies HMACs through WebCrypto, an asynchronous job per request: several
 * times the CPU, measured in docs/dependencies.md), a JWKS with jose, whose remote key set fetches,
 * caches and rotates the provider's keys. The claims both must hold are checked here, once.
 */
export function createTokenVerifier(settings: TokenVerifierSettings, lifetime: TokenLifetime): TokenVerifier {
  const verifySignature = settings.kind === 'secret' ? secretVerifier(settings) : jwksVerifier(settings, lifetime);
  return async (token) => {
    const payload = await verifySignature(token);
    checkLifetime(payload, lifetime);
    return identityOf(payload);
  };
}

type SignatureCheck = (token: string) => Promise<JWTPayload>;

/** Signature, `exp`, `nbf`, issuer and audience, with the clock tolerance; HS256 only. */
function secretVerifier(settings: Extract<TokenVerifierSettings, { kind: 'secret' }>): SignatureCheck {
  const verify = createVerifier({
    key: Buffer.from(settings.secret),
    algorithms: ['HS256'],
    requiredClaims: ['exp', 'iat', 'sub'],
    // Tolerance and lifetime are checked with the JWKS mode's rules in checkLifetime.
    ignoreNotBefore: true,
    ignoreExpiration: true,
    // A cache of verified tokens would outlive a rotated secret.
    cache: false,
    ...(settings.issuer ? { allowedIss: settings.issuer } : {}),
    ...(settings.audience ? { allowedAud: settings.audience } : {}),
  });
  return (token) => {
    try {
      return Promise.resolve(verify(token) as JWTPayload);
    } catch (error) {
      return Promise.reject(new AuthenticationError(describeFastJwt(error)));
    }
  };
}

function jwksVerifier(
  settings: Extract<TokenVerifierSettings, { kind: 'jwks' }>,
  lifetime: TokenLifetime,
): SignatureCheck {
  const keys = createRemoteJWKSet(new URL(settings.jwksUrl));
  const options = {
    algorithms: ['RS256', 'ES256'],
    // Far in the future or past: checkLifetime applies the configured tolerance to every claim.
    clockTolerance: lifetime.clockToleranceSeconds,
    requiredClaims: ['exp', 'iat', 'sub'],
    ...(settings.issuer ? { issuer: settings.issuer } : {}),
    ...(settings.audience ? { audience: settings.audience } : {}),
  };
  return async (token) => {
    try {
      return (await jwtVerify(token, keys, options)).payload;
    } catch (error) {
      throw new AuthenticationError(describeJose(error));
    }
  };
}

/**
 * The time rules, the same for both modes: not expired, already valid (`nbf`), issued neither in
 * the future nor longer ago than the longest lifetime, and promising no longer a life than that
 * (so a year-long token is refused on its first use, not a day after it was issued). Each with the
 * clock tolerance.
 */
function checkLifetime(payload: JWTPayload, { maxLifetimeSeconds, clockToleranceSeconds }: TokenLifetime): void {
  const now = Math.floor(Date.now() / 1000);
  const { exp, iat, nbf } = payload;
  if (typeof exp !== 'number' || typeof iat !== 'number') throw new AuthenticationError('The token is not valid.');
  if (exp + clockToleranceSeconds <= now) throw new AuthenticationError('The token has expired.');
  if (typeof nbf === 'number' && nbf - clockToleranceSeconds > now) {
    throw new AuthenticationError('The token\'s "nbf" claim is not accepted.');
  }
  if (iat - clockToleranceSeconds > now) throw new AuthenticationError('The token\'s "iat" claim is not accepted.');
  if (now - iat > maxLifetimeSeconds + clockToleranceSeconds) {
    throw new AuthenticationError('The token was issued too long ago.');
  }
  if (exp - iat > maxLifetimeSeconds + clockToleranceSeconds) {
    throw new AuthenticationError(`The token lives longer than the ${maxLifetimeSeconds} s allowed.`);
  }
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

function describeJose(error: unknown): string {
  if (error instanceof errors.JWTExpired) {
    return error.claim === 'iat' ? 'The token was issued too long ago.' : 'The token has expired.';
  }
  if (error instanceof errors.JWTClaimValidationFailed) return `The token's "${error.claim}" claim is not accepted.`;
  return 'The token is not valid.';
}

function describeFastJwt(error: unknown): string {
  if (error instanceof TokenError && error.code === TokenError.codes.invalidClaimValue) {
    return `The token's claims are not accepted (${error.message})`;
  }
  return 'The token is not valid.';
}
