import {
  ConfirmTicketDocument,
  RequestTicketDocument,
  type ConfirmTicketMutation,
  type RefusalFragment,
  type RequestTicketMutation,
} from '../generated/graphql.ts';
import { isType, ofType, type GraphQLClient } from './graphql-client.ts';

/** A requestUpload answer of any kind (test/support/operations.graphql: RequestTicket). */
export type AnyTicket = RequestTicketMutation['requestUpload'];
/** A POST ticket. */
export type Ticket = Extract<AnyTicket, { __typename: 'UploadTicket' }>;
export type Rejected = RefusalFragment & { __typename: 'UploadRejected' };
export type ConfirmedFile = Extract<ConfirmTicketMutation['confirmUpload'], { __typename: 'ConfirmedUpload' }>['file'];

export interface UploadRequest {
  purpose: 'AVATAR' | 'POST_ATTACHMENT';
  filename: string;
  contentType: string;
  byteSize: number;
  postId?: string;
}

export async function requestTicket(
  api: Pick<GraphQLClient, 'graphql'>,
  token: string,
  input: UploadRequest,
): Promise<AnyTicket> {
  const response = await api.graphql(RequestTicketDocument, { input }, token);
  if (!response.data) throw new Error(`requestUpload failed: ${JSON.stringify(response.errors)}`);
  return response.data.requestUpload;
}

export async function issueTicket(
  api: Pick<GraphQLClient, 'graphql'>,
  token: string,
  input: UploadRequest,
): Promise<Ticket> {
  return ofType(await requestTicket(api, token, input), 'UploadTicket');
}

/**
 * What a browser does with a ticket: multipart/form-data POST straight to the store, every
 * field in order, the file last. To misbehave on purpose: `override` replaces field values,
 * `omit` leaves fields out, `extra` adds fields (before the file, as a store expects them).
 */
export async function postToStorage(
  ticket: Pick<Ticket, 'url' | 'fields'>,
  bytes: Uint8Array<ArrayBuffer>,
  options: {
    filename?: string;
    override?: Record<string, string>;
    omit?: string[];
    extra?: Record<string, string>;
  } = {},
): Promise<Response> {
  const form = new FormData();
  for (const { name, value } of ticket.fields) {
    if (!options.omit?.includes(name)) form.append(name, options.override?.[name] ?? value);
  }
  for (const [name, value] of Object.entries(options.extra ?? {})) form.append(name, value);
  form.append('file', new Blob([bytes]), options.filename ?? 'upload.bin');
  return fetch(ticket.url, { method: 'POST', body: form });
}

export async function confirm(
  api: Pick<GraphQLClient, 'graphql'>,
  token: string,
  ticketId: string,
): Promise<{ file: ConfirmedFile } | Rejected> {
  const response = await api.graphql(ConfirmTicketDocument, { ticketId }, token);
  if (!response.data) throw new Error(`confirmUpload failed: ${JSON.stringify(response.errors)}`);
  const result = response.data.confirmUpload;
  return isType(result, 'ConfirmedUpload') ? { file: result.file } : result;
}
