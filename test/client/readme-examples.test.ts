import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect as connectApollo, setAvatar } from '../../examples/apollo-upload.ts';
import { connect as connectGraphcache } from '../../examples/urql-graphcache.ts';
import { attach, connect as connectUrql } from '../../examples/urql-upload.ts';
import { createUploadClient, CreatePostDocument, ViewerDocument } from '../../src/client/index.ts';
import { urqlExecutor } from '../../src/client/urql.ts';
import { solidPng } from '../support/png.ts';
import { PROJECT_DIR, startTestApi, type TestApi } from '../support/test-api.ts';

// README.md shows examples/*.ts verbatim; they import the package subpaths a frontend imports
// (resolved to the sources here, see jest.config.js). Running them keeps the README honest.
let api: TestApi;
let token: string;

beforeAll(async () => {
  api = await startTestApi();
  token = await api.token('erin', 'Erin');
});
afterAll(() => api.stop());

describe('README "From a frontend"', () => {
  it.each([
    'examples/apollo-upload.ts',
    'examples/urql-upload.ts',
    'examples/urql-graphcache.ts',
    'examples/codegen.ts',
  ])('shows %s exactly as it is', (file) => {
    const readme = readFileSync(path.join(PROJECT_DIR, 'README.md'), 'utf8');
    const source = readFileSync(path.join(PROJECT_DIR, file), 'utf8');
    expect(readme).toContain('```ts\n' + source + '```\n');
  });

  it('Apollo Client example: sets the avatar, reports progress up to 100', async () => {
    const percents: number[] = [];
    const png = solidPng(64, 64, [10, 160, 90]);
    const apollo = connectApollo(api.graphqlUrl, token);
    const file = await setAvatar(apollo, new File([png], 'green.png', { type: 'image/png' }), (p) => percents.push(p));
    expect(file).toMatchObject({ filename: 'green.png', contentType: 'image/png', byteSize: png.length });
    expect(percents.at(-1)).toBe(100);
    const viewer = await api.graphql(ViewerDocument, {}, token);
    expect(viewer.data?.viewer?.avatar?.id).toBe(file.id);
  });

  it('Apollo Client example: throws the readable rejection', async () => {
    const html = new File(['<!doctype html><p>hi'], 'page.png', { type: 'image/png' });
    const apollo = connectApollo(api.graphqlUrl, token);
    await expect(setAvatar(apollo, html, () => undefined)).rejects.toThrow(/not what its name/);
  });

  it('urql example: attaches a file to a post, and an aborted signal cancels it', async () => {
    const created = await api.graphql(CreatePostDocument, { title: 'urql' }, token);
    const postId = created.data!.createPost.id;
    const notes = new File(['meeting notes'], 'notes.txt', { type: 'text/plain' });
    const urql = connectUrql(api.graphqlUrl, token);
    const result = await attach(urql, postId, notes, new AbortController().signal);
    expect(result).toMatchObject({ ok: true, file: { filename: 'notes.txt', contentType: 'text/plain' } });
    await expect(attach(urql, postId, notes, AbortSignal.abort())).rejects.toMatchObject({
      name: 'AbortError',
    });
  });

  it('graphcache example: after an upload the cache alone answers with the new avatar', async () => {
    const urql = connectGraphcache(api.graphqlUrl, token);
    await urql.query(ViewerDocument, {}).toPromise(); // the viewer is in the cache
    const result = await createUploadClient(urqlExecutor(urql)).uploadFile(
      new File([solidPng(8, 8, [1, 2, 3])], 'cached.png', { type: 'image/png' }),
      { purpose: 'AVATAR' },
    );
    if (!result.ok) throw new Error(`rejected: ${result.reason}`);
    // cache-only never asks the server: the answer is what the confirm wrote into the cache.
    const cached = await urql.query(ViewerDocument, {}, { requestPolicy: 'cache-only' }).toPromise();
    expect(cached.data?.viewer?.avatar).toMatchObject({ id: result.file.id, filename: 'cached.png' });
  });
});
