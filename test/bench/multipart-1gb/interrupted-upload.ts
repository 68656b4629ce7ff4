// The large-file story end to end: a client uploads a file in parts, is killed part-way (a crash),
// a new client resumes from the parts the store already holds, and the upload is confirmed.
import type { ResumableUpload } from '../../../src/client/index.ts';
import { UploadedPartsDocument } from '../../../src/generated/client/graphql.ts';
import { spawnPinned, type PinnedProcess } from '../harness/processes.ts';
import { LOAD_CORE, type BenchStack } from '../harness/stack.ts';
import type { ClientUploadRequest, ClientUploadStatus } from './client-process.ts';
import type { TestFile } from '../uploads/test-files.ts';
import { executorFor } from '../uploads/ticket-client.ts';

export interface InterruptedUpload {
  linked: { id: string; key: string };
  partCount: number;
  /** Bytes the first client had in storage (by its own count) when it was killed. */
  loadedAtKill: number;
  /** Complete parts the store held after the crash, as uploadedParts lists them. */
  partsKept: number;
  /** Part uploads the first client started (S3 saw their requests), finished or cut off. */
  partsStartedBeforeKill: number;
  /** Part uploads S3 received from the resuming client. */
  partsSentOnResume: number;
}

const POLL_MS = 50;

export async function uploadWithCrash(
  stack: BenchStack,
  file: TestFile,
  subject: string,
  postId: string,
  killAtFraction: number,
): Promise<InterruptedUpload> {
  const token = await stack.token(subject);
  const request: ClientUploadRequest = { graphqlUrl: stack.api.info.graphqlUrl, token, file, postId };

  await stack.s3.call('reset');
  const first = await startClient(request);
  const atKill = await waitFor(first, (status) => status.loaded >= killAtFraction * file.byteSize);
  process.kill(first.pid, 'SIGKILL');
  await first.stop();
  const ticket = atKill.ticket;
  if (!ticket) throw new Error('the client was killed before it had a multipart ticket');

  const partsKept = await settledCompleteParts(stack, token, ticket);
  const partsStartedBeforeKill = (await stack.s3Counts()).requests['PUT part'] ?? 0;
  await stack.s3.call('reset');
  const second = await startClient({ ...request, resume: ticket });
  try {
    const done = await waitFor(second, (status) => status.linked !== undefined);
    const partsSentOnResume = (await stack.s3Counts()).requests['PUT part'] ?? 0;
    return {
      linked: done.linked!,
      partCount: ticket.partCount,
      loadedAtKill: atKill.loaded,
      partsKept,
      partsStartedBeforeKill,
      partsSentOnResume,
    };
  } finally {
    await second.stop();
  }
}

async function startClient(request: ClientUploadRequest): Promise<PinnedProcess<unknown>> {
  const client = await spawnPinned<unknown>({
    script: new URL('./client-process.ts', import.meta.url),
    core: LOAD_CORE,
  });
  await client.call('start', request);
  return client;
}

/** Polls the client until `done` holds; its failure is thrown. */
async function waitFor(
  client: PinnedProcess<unknown>,
  done: (status: ClientUploadStatus) => boolean,
): Promise<ClientUploadStatus> {
  for (;;) {
    const status = await client.call<ClientUploadStatus>('status');
    if (status.error) throw new Error(`client: ${status.error}`);
    if (done(status)) return status;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/**
 * Parts sent whole just before the kill may still be landing in the store: read the list until it
 * stops changing, so that it says exactly which parts the resuming client should leave alone.
 */
async function settledCompleteParts(stack: BenchStack, token: string, ticket: ResumableUpload): Promise<number> {
  let last = await completeParts(stack, token, ticket);
  for (let read = 0; read < 20; read++) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = await completeParts(stack, token, ticket);
    if (now === last) return now;
    last = now;
  }
  return last;
}

/** Parts the store holds in full (a part cut off by the crash is not one). */
async function completeParts(stack: BenchStack, token: string, ticket: ResumableUpload): Promise<number> {
  const execute = executorFor(stack.api.info.graphqlUrl, token);
  const { uploadedParts } = await execute(UploadedPartsDocument, { ticketId: ticket.ticketId });
  if (uploadedParts.__typename === 'UploadRejected') throw new Error(`uploadedParts: ${uploadedParts.message}`);
  const lastSize = ticket.byteSize - ticket.partSize * (ticket.partCount - 1);
  return uploadedParts.parts.filter(
    (part) => part.byteSize === (part.partNumber === ticket.partCount ? lastSize : ticket.partSize),
  ).length;
}
