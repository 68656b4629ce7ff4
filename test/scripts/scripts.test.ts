import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ViewerDocument, type PostQuery, type ViewerQuery } from '../../src/generated/client/graphql.ts';
import { pngBytes } from '../support/sample-files.ts';
import { PROJECT_DIR, startTestApi, TEST_JWT_SECRET, type TestApi } from '../support/test-api.ts';

const run = promisify(execFile);
const tsx = path.join(PROJECT_DIR, 'node_modules', '.bin', 'tsx');

let api: TestApi;
let dir: string;

beforeAll(async () => {
  api = await startTestApi();
  dir = await mkdtemp(path.join(tmpdir(), 'walkthrough-'));
});
afterAll(async () => {
  await api.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('the README commands', () => {
  it('npm run token -- NAME prints a token the server accepts', async () => {
    // What `npm run token -- Zoe` runs, outside production: the sources through tsx's loader.
    const { stdout } = await run(process.execPath, ['scripts/launch.js', 'cli/token', 'Zoe'], {
      cwd: PROJECT_DIR,
      env: { ...process.env, JWT_SECRET: TEST_JWT_SECRET },
    });
    const response = await api.graphql(ViewerDocument, {}, stdout.trim());
    expect(response.data?.viewer?.name).toBe('Zoe');
  });

  it.each([
    ['AVATAR', 'me.png', pngBytes(300)],
    ['POST_ATTACHMENT', 'notes.txt', new TextEncoder().encode('meeting notes\n')],
  ])('npm run walkthrough -- FILE %s goes request → POST → confirm → query', async (purpose, name, bytes) => {
    const file = path.join(dir, name);
    await writeFile(file, bytes);
    const { stdout } = await run(tsx, ['scripts/walkthrough.ts', file, purpose], {
      cwd: PROJECT_DIR,
      env: { ...process.env, API_URL: api.graphqlUrl, TOKEN: await api.token('walker') },
    });
    expect(stdout).toMatch(
      /^1\. ticket .*\n2\. storage answered 204\n3\. confirmed file .*\n4\. linked: .*"filename":"/m,
    );
    // What the walkthrough read back: the viewer (an avatar) or the post (an attachment).
    const linked = JSON.parse(/4\. linked: (.*)/.exec(stdout)?.[1] ?? '{}') as Partial<ViewerQuery & PostQuery>;
    const url = purpose === 'AVATAR' ? linked.viewer?.avatar?.url : linked.post?.attachments[0]?.url;
    expect(new Uint8Array(await (await fetch(url!)).arrayBuffer())).toEqual(bytes);
  });
});
