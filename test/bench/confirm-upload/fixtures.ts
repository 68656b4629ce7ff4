// Tickets for the confirmUpload benchmark, prepared the way a client would (requestUpload, then a
// POST straight to the store) before the measured phase, so that only the confirms are measured.
import { CreatePostDocument } from '../../../src/generated/client/graphql.ts';
import { BenchConfirmDocument } from '../../generated/graphql.ts';
import { pngBytes } from '../../support/sample-files.ts';
import type { GraphQLResponse, TestApi } from '../../support/test-api.ts';
import { issueTicket, postToStorage, type UploadRequest } from '../../support/upload-client.ts';
import type { BenchStack } from '../harness/stack.ts';
import { inPool } from '../harness/pool.ts';

export type ConfirmScenario = 'attachment' | 'avatar-first' | 'avatar-replace';
export const SCENARIOS: readonly ConfirmScenario[] = ['attachment', 'avatar-first', 'avatar-replace'];
/** Confirms in flight at once. */
export const CONCURRENCY = 16;

/** One measured run of one scenario. */
export interface ConfirmSample {
  confirms: number;
  confirmsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  serverCpuMicrosPerConfirm: number;
  /** S3 requests per confirm, by kind. */
  s3: Record<string, number>;
  sqlPerConfirm: number;
  sqlKinds: [string, number][];
}

export interface PendingConfirm {
  subject: string;
  token: string;
  ticketId: string;
  /** The post an attachment goes to. */
  postId?: string;
  /** The avatar file this confirm replaces. */
  previousAvatarId?: string;
}

/** Attachments per post: a few, so confirms on one post's row lock rarely queue behind each other. */
export const ATTACHMENTS_PER_POST = 4;
const PREPARE_CONCURRENCY = 8;
const FILE = pngBytes(2048);

/** A confirm that selects only what the benchmark checks (operations.graphql: BenchConfirm). */
export const LEAN_CONFIRM = BenchConfirmDocument;

type Api = Pick<TestApi, 'graphql'>;

/** The data of a response, or an error naming what failed: a benchmark never measures failures. */
export function dataOf<T>(response: GraphQLResponse<T>, what: string): T {
  if (response.status !== 200 || !response.data || response.errors?.length) {
    throw new Error(`${what} failed (${response.status}): ${JSON.stringify(response.errors ?? response.data)}`);
  }
  return response.data;
}
type Owner = Pick<PendingConfirm, 'subject' | 'token' | 'postId'>;

export async function prepareConfirms(
  api: Api,
  stack: BenchStack,
  scenario: ConfirmScenario,
  count: number,
  round: number,
): Promise<PendingConfirm[]> {
  const users = scenario === 'attachment' ? Math.ceil(count / ATTACHMENTS_PER_POST) : count;
  const owners = await inPool(numbers(users), PREPARE_CONCURRENCY, async (i): Promise<Owner> => {
    const subject = `${scenario}-r${round}-u${i}`;
    const token = await stack.token(subject);
    if (scenario !== 'attachment') return { subject, token };
    const created = dataOf(await api.graphql(CreatePostDocument, { title: subject }, token), 'createPost');
    return { subject, token, postId: created.createPost.id };
  });
  return inPool(numbers(count), PREPARE_CONCURRENCY, (i) => prepareOne(api, scenario, owners[i % users]!));
}

const numbers = (count: number) => Array.from({ length: count }, (_, i) => i);

/** A ticket of `owner`'s, its file in the store: for a replacement, after a first avatar confirmed. */
async function prepareOne(api: Api, scenario: ConfirmScenario, owner: Owner): Promise<PendingConfirm> {
  if (scenario === 'attachment') {
    const ticketId = await uploadOne(api, owner.token, { purpose: 'POST_ATTACHMENT', postId: owner.postId! });
    return { ...owner, ticketId, postId: owner.postId! };
  }
  if (scenario === 'avatar-first')
    return { ...owner, ticketId: await uploadOne(api, owner.token, { purpose: 'AVATAR' }) };
  // Replacing needs an avatar to replace: confirmed here, outside the measured phase.
  const first = await uploadOne(api, owner.token, { purpose: 'AVATAR' });
  const confirmed = dataOf(await api.graphql(LEAN_CONFIRM, { ticketId: first }, owner.token), 'confirm');
  if (!('file' in confirmed.confirmUpload)) throw new Error(`first avatar not confirmed: ${JSON.stringify(confirmed)}`);
  const ticketId = await uploadOne(api, owner.token, { purpose: 'AVATAR' });
  return { ...owner, ticketId, previousAvatarId: confirmed.confirmUpload.file.id };
}

async function uploadOne(api: Api, token: string, target: Pick<UploadRequest, 'purpose' | 'postId'>): Promise<string> {
  const ticket = await issueTicket(api, token, {
    ...target,
    filename: 'picture.png',
    contentType: 'image/png',
    byteSize: FILE.byteLength,
  });
  const stored = await postToStorage(ticket, FILE);
  if (!stored.ok) throw new Error(`the store refused an upload: ${stored.status} ${await stored.text()}`);
  return ticket.id;
}
