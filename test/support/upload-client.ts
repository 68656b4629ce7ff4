import type { TestApi } from './test-api.ts';
import { CONFIRM_UPLOAD, REQUEST_UPLOAD, type ConfirmedFile, type Rejected, type Ticket } from './operations.ts';

export interface UploadRequest {
  purpose: 'AVATAR' | 'POST_ATTACHMENT';
  filename: string;
  contentType: string;
  byteSize: number;
  postId?: string;
}

export async function requestTicket(
  api: Pick<TestApi, 'graphql'>,
  token: string,
  input: UploadRequest,
): Promise<Ticket | Rejected> {
  const response = await api.graphql<{ requestUpload: Ticket | Rejected }>(REQUEST_UPLOAD, { input }, token);
  if (!response.data) throw new Error(`requestUpload failed: ${JSON.stringify(response.errors)}`);
  return response.data.requestUpload;
}

export async function issueTicket(api: Pick<TestApi, 'graphql'>, token: string, input: UploadRequest): Promise<Ticket> {
  const result = await requestTicket(api, token, input);
  if (result.__typename !== 'UploadTicket') throw new Error(`expected a ticket, got ${JSON.stringify(result)}`);
  return result;
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
  api: Pick<TestApi, 'graphql'>,
  token: string,
  ticketId: string,
): Promise<{ file: ConfirmedFile } | Rejected> {
  const response = await api.graphql<{
    confirmUpload: { __typename: 'ConfirmedUpload'; file: ConfirmedFile } | Rejected;
  }>(CONFIRM_UPLOAD, { ticketId }, token);
  if (!response.data) throw new Error(`confirmUpload failed: ${JSON.stringify(response.errors)}`);
  const result = response.data.confirmUpload;
  return result.__typename === 'ConfirmedUpload' ? { file: result.file } : result;
}
