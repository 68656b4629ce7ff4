// The endpoints under the same load: the API's requestUpload (a real bearer token per request,
// rotating over many users, and a real ticket row each), the bare presign endpoint, and between
// them Apollo on the app's HTTP handler presigning with no token and no database.
import { print } from 'graphql';
import { RequestTicketDocument } from '../../generated/graphql.ts';
import { runLoad, type LoadResult } from '../harness/load.ts';
import type { PinnedProcess } from '../harness/processes.ts';

export const VARIANTS = ['api', 'graphql', 'bare'] as const;
export type Variant = (typeof VARIANTS)[number];

export const VARIANT_LABELS: Record<Variant, string> = {
  api: 'requestUpload (GraphQL API)',
  graphql: 'Apollo presign, no auth/DB',
  bare: 'bare node:http presign',
};

/** A small PNG avatar: the common case (no post to check, well under the multipart threshold). */
export const UPLOAD = { filename: 'avatar.png', contentType: 'image/png', byteSize: 2048 } as const;

export interface Endpoints {
  api: PinnedProcess<{ graphqlUrl: string }>;
  bare: PinnedProcess<{ url: string }>;
  graphql: PinnedProcess<{ url: string }>;
  /** One token per user; requests rotate over them so no per-user limit is reached. */
  tokens: string[];
}

const BODIES: Record<Variant, string> = {
  api: JSON.stringify({ query: print(RequestTicketDocument), variables: { input: { purpose: 'AVATAR', ...UPLOAD } } }),
  graphql: JSON.stringify({
    query: 'mutation($input: PresignInput!) { presign(input: $input) { url fields { name value } } }',
    variables: { input: UPLOAD },
  }),
  bare: JSON.stringify(UPLOAD),
};

/** A ticket, not an error or a rejection: the API answers 200 with errors in the body. */
function isApiTicket(status: number, body: string): boolean {
  return status === 200 && body.includes('"__typename":"UploadTicket"') && !body.includes('"errors"');
}

function isBareTicket(status: number, body: string): boolean {
  return status === 200 && body.includes('"fields"') && body.includes('"Policy"') && !body.includes('"errors"');
}

export function loadVariant(
  endpoints: Endpoints,
  variant: Variant,
  options: { connections: number; seconds: number },
): Promise<LoadResult> {
  const server = endpoints[variant];
  const authorizations = endpoints.tokens.map((token) => `Bearer ${token}`);
  let next = 0;
  return runLoad({
    ...options,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    url: variant === 'api' ? endpoints.api.info.graphqlUrl : endpoints[variant].info.url,
    body: BODIES[variant],
    serverCpuMicros: () => server.cpuMicros(),
    isSuccess: variant === 'api' ? isApiTicket : isBareTicket,
    // The API's requests rotate over the users' tokens.
    ...(variant === 'api'
      ? {
          setupRequest: (request) => ({
            ...request,
            headers: { ...request.headers, authorization: authorizations[next++ % authorizations.length]! },
          }),
        }
      : {}),
  });
}
