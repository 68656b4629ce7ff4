import { AuthenticationError } from '../shared/errors.ts';
import type { Identity, Viewer } from './identity.ts';
import type { TokenVerifier } from './token-verifier.ts';

/**
 * The viewer of one request, resolved lazily: a request that never asks who is signed in (a
 * public page of posts) pays nothing for token checks or the user lookup.
 */
export interface ViewerSession {
  /** null without a token; a token that is present but bad is an AuthenticationError. */
  current(): Promise<Viewer | null>;
  /** The viewer, or an AuthenticationError. */
  require(): Promise<Viewer>;
}

export type EnsureUser = (identity: Identity) => Promise<Viewer>;

export function createViewerSession(
  authorization: string | undefined,
  verify: TokenVerifier,
  ensureUser: EnsureUser,
): ViewerSession {
  let viewer: Promise<Viewer | null> | undefined;
  const current = () => (viewer ??= resolve(authorization, verify, ensureUser));
  return {
    current,
    async require() {
      const signedIn = await current();
      if (!signedIn) throw new AuthenticationError('Sign in: send "Authorization: Bearer <token>".');
      return signedIn;
    },
  };
}

async function resolve(
  authorization: string | undefined,
  verify: TokenVerifier,
  ensureUser: EnsureUser,
): Promise<Viewer | null> {
  if (authorization === undefined || authorization.trim() === '') return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match?.[1]) throw new AuthenticationError('The Authorization header must be "Bearer <token>".');
  return ensureUser(await verify(match[1]));
}
