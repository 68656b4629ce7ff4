// The endpoints under the same load: the API's requestUpload (a real bearer token per request,
// rotating over many users, and a real ticket row each); the peer (graphql-yoga, a JWT check, a
// presigned PUT and a ticket row through Prisma, as CedarJS's uploads issue them); Apollo on the
// app's HTTP handler presigning with no token and no database (the floor of any GraphQL server on
// this stack); and the bare presign endpoint.
import { print } from 'graphql';
import { RequestTicketDocument } from '../../generated/graphql.ts';
import { runLoad, type LoadResult } from '../harness/load.ts';
import type { PinnedProcess } from '../harness/processes.ts';

export const VARIANTS = ['api', 'peer', 'graphql', 'bare'] as const;
export type Variant = (typeof VARIANTS)[number];

export const VARIANT_LABELS: Record<Variant, string> = {
  api: 'requestUpload (GraphQL API)',
  peer: 'peer: graphql-yoga + JWT + Prisma row',
  graphql: 'Apollo presign, no auth/DB',
  bare: 'bare node:http presign',
};

/** A small PNG avatar: the common case (no post to check, well under the multipart threshold). */
export const UPLOAD = { filename: 'avatar.png', contentType: 'image/png', byteSize: 2048 } as const;

export interface Endpoints {
  api: PinnedProcess<{ graphqlUrl: string }>;
  peer: PinnedProcess<{ url: string }>;
  bare: PinnedProcess<{ url: string }>;
  graphql: PinnedProcess<{ url: string }>;
  /** One token per user; requests rotate over them so no per-user limit is reached. */
  tokens: string[];
}

const BODIES: Record<Variant, string> = {
  api: JSON.stringify({ query: print(RequestTicketDocument), variables: { input: { purpose: 'AVATAR', ...UPLOAD } } }),
  peer: JSON.stringify({
    query: 'mutation($input: UploadInput!) { requestUpload(input: $input) { id url key } }',
    variables: { input: UPLOAD },
  }),
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

function isPeerTicket(status: number, body: string): boolean {
  return status === 200 && body.includes('"url"') && body.includes('X-Amz-Signature') && !body.includes('"errors"');
}

const IS_TICKET: Record<Variant, (status: number, body: string) => boolean> = {
  api: isApiTicket,
  peer: isPeerTicket,
  graphql: isBareTicket,
  bare: isBareTicket,
};

function isBareTicket(status: number, body: string): boolean {
  return status === 200 && body.includes('"fields"') && body.includes('"Policy"') && !body.includes('"errors"');
}

/** Connections kept busy by every run of this benchmark (and the confirm benchmark's floor runs). */
export const CONNECTIONS = 50;

type LoadOptions = { connections: number; seconds: number };

export function loadVariant(endpoints: Endpoints, variant: Variant, options: LoadOptions): Promise<LoadResult> {
  const url = variant === 'api' ? endpoints.api.info.graphqlUrl : endpoints[variant].info.url;
  return loadServer(endpoints[variant], url, variant, endpoints.tokens, options);
}

/** The Apollo floor alone, as `loadVariant` runs it (the confirm benchmark measures its CPU too). */
export function loadFloor(floor: PinnedProcess<{ url: string }>, options: LoadOptions): Promise<LoadResult> {
  return loadServer(floor, floor.info.url, 'graphql', [], options);
}

function loadServer(
  server: PinnedProcess<unknown>,
  url: string,
  variant: Variant,
  tokens: string[],
  options: LoadOptions,
): Promise<LoadResult> {
  const authorizations = tokens.map((token) => `Bearer ${token}`);
  let next = 0;
  return runLoad({
    ...options,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    url,
    body: BODIES[variant],
    serverCpuMicros: () => server.cpuMicros(),
    isSuccess: IS_TICKET[variant],
    // The API's and the peer's requests rotate over the users' tokens.
    ...(variant === 'api' || variant === 'peer'
      ? {
          setupRequest: (request) => ({
            ...request,
            headers: { ...request.headers, authorization: authorizations[next++ % authorizations.length]! },
          }),
        }
      : {}),
  });
}
