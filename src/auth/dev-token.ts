import { SignJWT } from 'jose';

export interface DevTokenOptions {
  name?: string;
  /** Lifetime; an hour unless given. Negative values sign an already expired token (tests). */
  expiresInSeconds?: number;
  issuer?: string | undefined;
  audience?: string | undefined;
}

/** Signs an HS256 token for local use (`npm run token`, the start-up banner, tests). */
export async function signDevToken(secret: string, subject: string, options: DevTokenOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  let jwt = new SignJWT(options.name ? { name: options.name } : {})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(subject)
    .setIssuedAt(now)
    .setExpirationTime(now + (options.expiresInSeconds ?? 3600));
  if (options.issuer) jwt = jwt.setIssuer(options.issuer);
  if (options.audience) jwt = jwt.setAudience(options.audience);
  return jwt.sign(new TextEncoder().encode(secret));
}
