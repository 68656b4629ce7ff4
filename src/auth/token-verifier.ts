import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { AuthenticationError } from '../shared/errors.ts';
import type { Identity } from './identity.ts';

export type TokenVerifierSettings =
  | { kind: 'secret'; secret: Uint8Array; issuer?: string | undefined; audience?: string | undefined }
  | { kind: 'jwks'; jwksUrl: string; issuer?: string | undefined; audience?: string | undefined };

export type TokenVerifier = (token: string) => Promise<Identity>;

const MAX_SUBJECT_LENGTH = 255;
const MAX_NAME_LENGTH = 200;

/**
 * Verifies bearer JWTs: HS256 with a shared secret, or RS256/ES256 against a provider's JWKS
 * (Auth0, Cognito, ...). The algorithm list is fixed per mode so a token cannot pick a weaker one.
 */
export function createTokenVerifier(settings: TokenVerifierSettings): TokenVerifier {
  // A shared secret is used as a constant key getter, so both modes go through one jwtVerify call.
  // It is imported as a CryptoKey once: handing jose the raw bytes imports them on every request.
  let hmacKey: Promise<CryptoKey> | undefined;
  const key: JWTVerifyGetKey =
    settings.kind === 'secret'
      ? () => (hmacKey ??= importHmacKey(settings.secret))
      : createRemoteJWKSet(new URL(settings.jwksUrl));
  const options = {
    algorithms: settings.kind === 'secret' ? ['HS256'] : ['RS256', 'ES256'],
    clockTolerance: 5,
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
    return identityOf(payload);
  };
}

function importHmacKey(secret: Uint8Array): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', new Uint8Array(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
}

function identityOf(payload: JWTPayload): Identity {
  const subject = payload.sub;
  if (typeof subject !== 'string' || subject === '' || subject.length > MAX_SUBJECT_LENGTH) {
    throw new AuthenticationError('The token has no usable "sub" claim.');
  }
  const name = typeof payload['name'] === 'string' ? payload['name'].trim().slice(0, MAX_NAME_LENGTH) : '';
  return { subject, name: name === '' ? subject : name };
}

function describe(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'The token has expired.';
  if (error instanceof errors.JWTClaimValidationFailed) return `The token's "${error.claim}" claim is not accepted.`;
  return 'The token is not valid.';
}
