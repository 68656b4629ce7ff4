import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ViewerDocument } from '../../src/generated/client/graphql.ts';
import { pngBytes } from '../support/sample-files.ts';
import { startTestApi, type TestApi } from '../support/test-api.ts';
import { confirm, issueTicket, postToStorage } from '../support/upload-client.ts';

let api: TestApi;
const lines: string[] = [];

beforeAll(async () => {
  api = await startTestApi({ LOG_LEVEL: 'debug' }, { logLines: lines });
});
afterAll(() => api.stop());

describe('logs', () => {
  it('are JSON lines, one per request, without tokens, signatures or presigned URLs', async () => {
    const token = await api.token('alice');
    const png = pngBytes(100);
    const ticket = await issueTicket(api, token, {
      purpose: 'AVATAR',
      filename: 'me.png',
      contentType: 'image/png',
      byteSize: 100,
    });
    await postToStorage(ticket, png);
    const confirmed = await confirm(api, token, ticket.id);
    if (!('file' in confirmed)) throw new Error('not confirmed');
    await api.graphql(ViewerDocument, {}, token);
    await api.graphqlRaw('{ broken', {}, token);

    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const requests = entries.filter((entry) => entry['msg'] === 'request');
    expect(requests.length).toBeGreaterThanOrEqual(4);
    expect(requests.every((entry) => entry['path'] === '/graphql' && typeof entry['ms'] === 'number')).toBe(true);
    expect(requests.map((entry) => entry['status'])).toContain(400);

    const everything = lines.join('\n');
    const signature = ticket.fields.find((field) => field.name === 'X-Amz-Signature')!.value;
    const policy = ticket.fields.find((field) => field.name === 'Policy')!.value;
    for (const secret of [
      token,
      token.split('.')[2]!,
      signature,
      policy,
      'X-Amz-Signature',
      new URL(confirmed.file.url).search,
    ]) {
      expect(everything).not.toContain(secret);
    }
  });
});
