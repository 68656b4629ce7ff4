import { pngBytes } from '../support/sample-files.ts';
import type { TestApi } from '../support/test-api.ts';
import { confirm, issueTicket, postToStorage, type Ticket, type UploadRequest } from '../support/upload-client.ts';

/** confirmUpload's answer: a rejection reason, or CONFIRMED. */
export type ConfirmAnswer = string;

export interface CaseContext {
  api: TestApi;
  alice: string;
  bob: string;
  /** A ticket from an API whose tickets live 10 s (the minimum), issued when the suite started. */
  shortLived: { api: TestApi; token: string; ticket: Ticket };
}

export interface Attempt {
  api: TestApi;
  token: string;
  /** The ticket whose fields were (mis)used. */
  ticket: Ticket;
  /** The store's answer to the multipart POST. */
  response: Response;
  /** When the POST aimed at another ticket's key: that ticket, whose key must stay empty. */
  target?: { token: string; ticket: Ticket };
}

export interface SecurityCase {
  name: string;
  /** The part of the signed policy a store must check to refuse it. */
  rule: string;
  attempt(context: CaseContext): Promise<Attempt>;
  /** confirmUpload's answers after a policy-enforcing store refused the POST (nothing stored). */
  whenRefused: { confirm: ConfirmAnswer; targetConfirm?: ConfirmAnswer };
  /**
   * What happens on a store that accepts every POST (s3rver): confirmUpload's answers, and whether
   * the API alone still ends with nothing stored and nothing confirmed. When it does not, the case
   * needs a policy-enforcing store.
   */
  whenAccepted: { confirm: ConfirmAnswer; targetConfirm?: ConfirmAnswer; caughtByApi: boolean };
}

export const PNG = pngBytes(1000);
export const AVATAR: UploadRequest = {
  purpose: 'AVATAR',
  filename: 'me.png',
  contentType: 'image/png',
  byteSize: 1000,
};

export async function confirmAnswer(api: TestApi, token: string, ticketId: string): Promise<ConfirmAnswer> {
  const result = await confirm(api, token, ticketId);
  return 'file' in result ? 'CONFIRMED' : result.reason;
}

function fieldOf(ticket: Ticket, name: string): string {
  const value = ticket.fields.find((field) => field.name === name)?.value;
  if (value === undefined) throw new Error(`the ticket has no ${name} field`);
  return value;
}

/** A fresh avatar ticket and one POST with its fields, changed by `misuse`. */
async function postOwnTicket(
  context: CaseContext,
  bytes: Uint8Array<ArrayBuffer>,
  misuse: Parameters<typeof postToStorage>[2] = {},
): Promise<Attempt> {
  const ticket = await issueTicket(context.api, context.alice, AVATAR);
  return { api: context.api, token: context.alice, ticket, response: await postToStorage(ticket, bytes, misuse) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Each case changes exactly one thing about an otherwise correct upload. */
export const CASES: SecurityCase[] = [
  {
    name: 'file larger than declared',
    rule: 'content-length-range',
    attempt: (context) => postOwnTicket(context, pngBytes(1001)),
    whenRefused: { confirm: 'NOT_UPLOADED' },
    whenAccepted: { confirm: 'SIZE_MISMATCH', caughtByApi: true },
  },
  {
    name: 'file smaller than declared',
    rule: 'content-length-range',
    attempt: (context) => postOwnTicket(context, pngBytes(999)),
    whenRefused: { confirm: 'NOT_UPLOADED' },
    whenAccepted: { confirm: 'SIZE_MISMATCH', caughtByApi: true },
  },
  {
    name: 'other Content-Type',
    rule: 'Content-Type eq',
    attempt: (context) => postOwnTicket(context, PNG, { override: { 'Content-Type': 'image/jpeg' } }),
    whenRefused: { confirm: 'NOT_UPLOADED' },
    whenAccepted: { confirm: 'CONTENT_TYPE_MISMATCH', caughtByApi: true },
  },
  {
    // Bob's pending ticket names the key; Alice writes her bytes there with her own ticket.
    name: "other key (another user's)",
    rule: 'key eq',
    async attempt(context) {
      const bobs = await issueTicket(context.api, context.bob, AVATAR);
      const attempt = await postOwnTicket(context, PNG, { override: { key: bobs.key } });
      return { ...attempt, target: { token: context.bob, ticket: bobs } };
    },
    whenRefused: { confirm: 'NOT_UPLOADED', targetConfirm: 'NOT_UPLOADED' },
    // Bob's confirm sees a valid PNG of the declared size: nothing tells it Alice chose the bytes.
    whenAccepted: { confirm: 'NOT_UPLOADED', targetConfirm: 'CONFIRMED', caughtByApi: false },
  },
  {
    name: 'tampered signature',
    rule: 'X-Amz-Signature',
    async attempt(context) {
      const ticket = await issueTicket(context.api, context.alice, AVATAR);
      const signature = fieldOf(ticket, 'X-Amz-Signature');
      const flipped = signature.slice(0, -1) + (signature.endsWith('0') ? '1' : '0');
      const response = await postToStorage(ticket, PNG, { override: { 'X-Amz-Signature': flipped } });
      return { api: context.api, token: context.alice, ticket, response };
    },
    whenRefused: { confirm: 'NOT_UPLOADED' },
    // The bytes are exactly what the ticket allowed: confirm has nothing to object to.
    whenAccepted: { confirm: 'CONFIRMED', caughtByApi: false },
  },
  {
    // The policy is edited to allow up to 1 MiB and a bigger file sent; the signature is the old one.
    name: 'tampered policy (size range widened)',
    rule: 'signature over Policy',
    async attempt(context) {
      const ticket = await issueTicket(context.api, context.alice, AVATAR);
      const policy = JSON.parse(Buffer.from(fieldOf(ticket, 'Policy'), 'base64').toString('utf8')) as {
        conditions: unknown[];
      };
      policy.conditions = policy.conditions.map((condition) =>
        Array.isArray(condition) && condition[0] === 'content-length-range'
          ? ['content-length-range', 0, 1024 * 1024]
          : condition,
      );
      const forged = Buffer.from(JSON.stringify(policy)).toString('base64');
      const response = await postToStorage(ticket, pngBytes(2000), { override: { Policy: forged } });
      return { api: context.api, token: context.alice, ticket, response };
    },
    whenRefused: { confirm: 'NOT_UPLOADED' },
    whenAccepted: { confirm: 'SIZE_MISMATCH', caughtByApi: true },
  },
  {
    name: 'extra form field',
    rule: 'no fields outside the policy',
    attempt: (context) => postOwnTicket(context, PNG, { extra: { 'x-amz-meta-injected': 'yes' } }),
    whenRefused: { confirm: 'NOT_UPLOADED' },
    whenAccepted: { confirm: 'CONFIRMED', caughtByApi: false },
  },
  {
    name: 'missing field: Content-Type',
    rule: 'Content-Type eq',
    attempt: (context) => postOwnTicket(context, PNG, { omit: ['Content-Type'] }),
    whenRefused: { confirm: 'NOT_UPLOADED' },
    whenAccepted: { confirm: 'CONTENT_TYPE_MISMATCH', caughtByApi: true },
  },
  {
    name: 'missing field: X-Amz-Signature',
    rule: 'X-Amz-Signature',
    attempt: (context) => postOwnTicket(context, PNG, { omit: ['X-Amz-Signature'] }),
    whenRefused: { confirm: 'NOT_UPLOADED' },
    whenAccepted: { confirm: 'CONFIRMED', caughtByApi: false },
  },
  {
    // A used (confirmed) ticket's fields, with the key of the viewer's next ticket.
    name: "re-used ticket's fields for a second key",
    rule: 'key eq',
    async attempt(context) {
      const used = await issueTicket(context.api, context.alice, AVATAR);
      const stored = await postToStorage(used, PNG);
      const first = await confirmAnswer(context.api, context.alice, used.id);
      if (stored.status !== 204 || first !== 'CONFIRMED') throw new Error(`the first upload failed: ${first}`);
      const second = await issueTicket(context.api, context.alice, AVATAR);
      const response = await postToStorage(used, PNG, { override: { key: second.key } });
      return { api: context.api, token: context.alice, ticket: second, response };
    },
    whenRefused: { confirm: 'NOT_UPLOADED' },
    whenAccepted: { confirm: 'CONFIRMED', caughtByApi: false },
  },
  {
    // Last in the list: the short-lived ticket was issued when the suite started, so the wait
    // overlaps with the cases before it.
    name: 'after expiry',
    rule: 'expiration',
    async attempt({ shortLived: { api, token, ticket } }) {
      // One second past the policy's expiration, which stores compare at one-second precision.
      await sleep(Math.max(0, new Date(ticket.expiresAt).getTime() + 1000 - Date.now()));
      return { api, token, ticket, response: await postToStorage(ticket, PNG) };
    },
    whenRefused: { confirm: 'TICKET_EXPIRED' },
    // The API refuses late confirms and deletes what arrived.
    whenAccepted: { confirm: 'TICKET_EXPIRED', caughtByApi: true },
  },
];
