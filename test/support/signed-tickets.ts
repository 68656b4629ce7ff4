import {
  CreatePostDocument,
  SignUploadPartsDocument,
  type SignUploadPartsMutation,
} from '../../src/generated/client/graphql.ts';
import { RequestTicketDocument, type RequestUploadInput } from '../generated/graphql.ts';
import { ofType, type GraphQLClient } from './graphql-client.ts';
import type { AnyTicket } from './upload-client.ts';

// PUT tickets and multipart part URLs as the tests use them: request one, send bytes to it the way
// a client does (the ticket's headers as given), and a signed two-part video.

export type PutTicket = Extract<AnyTicket, { __typename: 'PutUploadTicket' }>;
export type PartUrl = Extract<
  SignUploadPartsMutation['signUploadParts'],
  { __typename: 'UploadPartUrls' }
>['parts'][number];

/** A PUT ticket for `input` (purpose, filename, type, size…). */
export async function putTicket(
  on: Pick<GraphQLClient, 'graphql'>,
  as: string,
  input: Omit<RequestUploadInput, 'method'>,
): Promise<PutTicket> {
  const response = await on.graphql(RequestTicketDocument, { input: { ...input, method: 'PUT' } }, as);
  return ofType(response.data?.requestUpload, 'PutUploadTicket');
}

/** What a mobile app does with a PUT ticket; `extra` adds or replaces headers. */
export function put(
  ticket: PutTicket,
  body: Uint8Array<ArrayBuffer>,
  extra: Record<string, string> = {},
): Promise<Response> {
  const headers = Object.fromEntries(
    ticket.headers.filter((header) => header.name !== 'Content-Length').map((header) => [header.name, header.value]),
  );
  // fetch sets Content-Length from the body itself.
  return fetch(ticket.url, { method: 'PUT', headers: { ...headers, ...extra }, body });
}

const MiB = 1024 * 1024;

/** A 6 MiB "MP4" video ticket on a new post (parts of 5 and 1 MiB with a 5 MiB part size), both part URLs signed. */
export async function signedVideoTicket(api: Pick<GraphQLClient, 'graphql'>, token: string) {
  const post = (await api.graphql(CreatePostDocument, { title: 'v' }, token)).data!.createPost.id;
  const bytes = new Uint8Array(6 * MiB);
  bytes.set([0, 0, 0, 0x18, ...new TextEncoder().encode('ftypisom')]);
  const input: RequestUploadInput = {
    purpose: 'VIDEO',
    postId: post,
    filename: 'v.mp4',
    contentType: 'video/mp4',
    byteSize: bytes.length,
  };
  const requested = await api.graphql(RequestTicketDocument, { input }, token);
  const ticket = ofType(requested.data?.requestUpload, 'MultipartUploadTicket');
  const signed = await api.graphql(SignUploadPartsDocument, { ticketId: ticket.id, partNumbers: [1, 2] }, token);
  return { ticket, bytes, parts: ofType(signed.data?.signUploadParts, 'UploadPartUrls').parts };
}
