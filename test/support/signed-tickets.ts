import { CREATE_POST } from './operations.ts';
import type { TestApi } from './test-api.ts';

// PUT tickets and multipart part URLs as the tests use them: request one, send bytes to it the way
// a client does (the ticket's headers as given), and a signed two-part video.

export const SIGNED_REQUEST = `mutation ($input: RequestUploadInput!) { requestUpload(input: $input) {
  __typename ... on PutUploadTicket { id url key expiresAt headers { name value } }
  ... on MultipartUploadTicket { id key partSize partCount expiresAt } ... on UploadRejected { reason } } }`;
const SIGN = `mutation ($ticketId: ID!, $partNumbers: [Int!]!) { signUploadParts(ticketId: $ticketId, partNumbers: $partNumbers) {
  ... on UploadPartUrls { parts { partNumber url byteSize } } } }`;

export interface PutTicket {
  id: string;
  url: string;
  key: string;
  expiresAt: string;
  headers: { name: string; value: string }[];
}

export interface PartUrl {
  partNumber: number;
  url: string;
  byteSize: number;
}

/** A PUT ticket for `input` (purpose, filename, type, size…). */
export async function putTicket(on: Pick<TestApi, 'graphql'>, as: string, input: object): Promise<PutTicket> {
  return (await on.graphql<any>(SIGNED_REQUEST, { input: { ...input, method: 'PUT' } }, as)).data.requestUpload;
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
export async function signedVideoTicket(api: Pick<TestApi, 'graphql'>, token: string) {
  const post = (await api.graphql<any>(CREATE_POST, { title: 'v' }, token)).data.createPost.id;
  const bytes = new Uint8Array(6 * MiB);
  bytes.set([0, 0, 0, 0x18, ...new TextEncoder().encode('ftypisom')]);
  const input = { purpose: 'VIDEO', postId: post, filename: 'v.mp4', contentType: 'video/mp4', byteSize: bytes.length };
  const ticket = (await api.graphql<any>(SIGNED_REQUEST, { input }, token)).data.requestUpload as {
    id: string;
    key: string;
    partSize: number;
    partCount: number;
  };
  const signed = await api.graphql<any>(SIGN, { ticketId: ticket.id, partNumbers: [1, 2] }, token);
  return { ticket, bytes, parts: signed.data.signUploadParts.parts as PartUrl[] };
}
