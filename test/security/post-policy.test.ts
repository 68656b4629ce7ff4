import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ticketStatus } from '../support/db-state.ts';
import { startTestApi, type TestApi } from '../support/test-api.ts';
import { issueTicket, postToStorage } from '../support/upload-client.ts';
import { AVATAR, CASES, PNG, confirmAnswer, type Attempt, type CaseContext, type SecurityCase } from './post-cases.ts';
import { storeUnderTest } from './store-under-test.ts';
import { recordRow, type SummaryRow } from './summary.ts';

/**
 * Every case is a real multipart POST with the fields of a ticket the API issued, changed in one
 * way. On a policy-enforcing store (Ceph radosgw via CEPH_S3_ENV) the store must refuse it, store
 * nothing, and confirmUpload must not accept the ticket. On s3rver, which enforces nothing, the
 * same cases run and assert what really happens: what confirmUpload catches, and what it cannot.
 */
const store = storeUnderTest();

let api: TestApi | undefined;
let shortLivedApi: TestApi | undefined;
let context: CaseContext;

beforeAll(async () => {
  // First, so that its 10-second ticket expires while the other cases run.
  shortLivedApi = await startTestApi({ ...store.apiEnv, TICKET_TTL_SECONDS: '10' });
  const shortLivedToken = await shortLivedApi.token('alice');
  const shortLivedTicket = await issueTicket(shortLivedApi, shortLivedToken, AVATAR);
  api = await startTestApi(store.apiEnv);
  context = {
    api,
    alice: await api.token('alice'),
    bob: await api.token('bob'),
    shortLived: { api: shortLivedApi, token: shortLivedToken, ticket: shortLivedTicket },
  };
}, 60_000);
afterAll(async () => {
  await api?.stop();
  await shortLivedApi?.stop();
});

/** "403 AccessDenied": the status and, for a refusal, the store's error code. */
async function storeAnswer(response: Response): Promise<string> {
  const code = /<Code>([^<]+)<\/Code>/.exec(await response.text())?.[1];
  return code ? `${response.status} ${code}` : String(response.status);
}

/** The keys, among the ticket's and the target's, that hold an object now. */
async function storedKeys(attempt: Attempt): Promise<string[]> {
  const keys = [attempt.ticket.key, ...(attempt.target ? [attempt.target.ticket.key] : [])];
  const heads = await Promise.all(keys.map((key) => attempt.api.storage.head(key)));
  return keys.filter((_key, i) => heads[i] !== null);
}

function title(testCase: SecurityCase): string {
  if (store.enforcesPolicies)
    return `${testCase.name}: refused, nothing stored, confirm → ${testCase.whenRefused.confirm}`;
  const { confirm, caughtByApi } = testCase.whenAccepted;
  return `${testCase.name}: s3rver stores it, confirm → ${confirm}, ${caughtByApi ? 'caught by the API' : 'NOT caught: needs an enforcing store'}`;
}

describe(`POST policy on ${store.name}`, () => {
  it('control: a correct upload is accepted (204) and confirms', async () => {
    const ticket = await issueTicket(context.api, context.alice, AVATAR);
    const response = await postToStorage(ticket, PNG);
    const answer = await storeAnswer(response);
    const head = await context.api.storage.head(ticket.key);
    const confirmed = await confirmAnswer(context.api, context.alice, ticket.id);
    recordRow({
      store: store.name,
      case: 'correct upload (control)',
      rule: '-',
      store_answer: answer,
      stored: head ? 'ticket key' : 'nothing',
      confirm: confirmed,
      verdict: 'accepted (control)',
    });
    expect(response.status).toBe(204);
    expect(head).toMatchObject({ byteSize: PNG.length, contentType: 'image/png' });
    expect(confirmed).toBe('CONFIRMED');
  });

  it.each(CASES.map((testCase) => [title(testCase), testCase] as const))('%s', async (_title, testCase) => {
    const attempt = await testCase.attempt(context);
    const answer = await storeAnswer(attempt.response);
    const storedAfterPost = await storedKeys(attempt);
    const confirmed = await confirmAnswer(attempt.api, attempt.token, attempt.ticket.id);
    const targetConfirmed = attempt.target
      ? await confirmAnswer(attempt.api, attempt.target.token, attempt.target.ticket.id)
      : undefined;
    const storedAfterConfirm = await storedKeys(attempt);
    const status = attempt.response.status;
    const refused = status >= 400 && status < 500 && storedAfterPost.length === 0;
    // Caught: in the end nothing is stored under either key and nothing was confirmed.
    const caught = storedAfterConfirm.length === 0 && confirmed !== 'CONFIRMED' && targetConfirmed !== 'CONFIRMED';
    const verdict: SummaryRow['verdict'] = refused
      ? 'refused by the store'
      : caught
        ? 'caught by confirmUpload'
        : 'NOT caught: needs an enforcing store';
    recordRow({
      store: store.name,
      case: testCase.name,
      rule: testCase.rule,
      store_answer: answer,
      stored:
        storedAfterPost.map((key) => (key === attempt.ticket.key ? 'ticket key' : 'other key')).join(', ') || 'nothing',
      confirm: targetConfirmed === undefined ? confirmed : `${confirmed}; other key's ticket: ${targetConfirmed}`,
      verdict,
    });

    if (store.enforcesPolicies) {
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(500);
      expect(storedAfterPost).toEqual([]);
      expect(confirmed).toBe(testCase.whenRefused.confirm);
      expect(targetConfirmed).toBe(testCase.whenRefused.targetConfirm);
      // NOT_UPLOADED leaves the ticket usable; only expiry settles it.
      expect(await ticketStatus(attempt.api, attempt.ticket.id)).toBe(
        confirmed === 'NOT_UPLOADED' ? 'PENDING' : 'REJECTED',
      );
    } else {
      // s3rver stores whatever it is sent, under the key the form names.
      expect(status).toBe(204);
      expect(storedAfterPost).toEqual([attempt.target?.ticket.key ?? attempt.ticket.key]);
      expect(confirmed).toBe(testCase.whenAccepted.confirm);
      expect(targetConfirmed).toBe(testCase.whenAccepted.targetConfirm);
      expect(caught).toBe(testCase.whenAccepted.caughtByApi);
    }
  });
});
