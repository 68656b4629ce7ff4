import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ApolloClient, CombinedGraphQLErrors, HttpLink, InMemoryCache } from '@apollo/client';
import { Client, CombinedError, fetchExchange } from '@urql/core';
import { apolloExecutor } from '../../src/client/apollo.ts';
import {
  createUploadClient,
  CreatePostDocument,
  PostsDocument,
  ViewerDocument,
  type Execute,
} from '../../src/client/index.ts';
import { urqlExecutor } from '../../src/client/urql.ts';
import { solidPng } from '../support/png.ts';
import { pdfBytes } from '../support/sample-files.ts';
import { startTestApi, type TestApi } from '../support/test-api.ts';

// The real Apollo Client and urql packages against the real server: nothing between them mocked.
let api: TestApi;
let token: string;

beforeAll(async () => {
  api = await startTestApi();
  token = await api.token('dave', 'Dave');
});
afterAll(() => api.stop());

const apollo = (bearer?: string) =>
  new ApolloClient({
    link: new HttpLink({ uri: api.graphqlUrl, headers: bearer ? { authorization: `Bearer ${bearer}` } : {} }),
    cache: new InMemoryCache(),
  });

const urql = (bearer?: string) => {
  const headers: Record<string, string> = bearer ? { authorization: `Bearer ${bearer}` } : {};
  return new Client({
    url: api.graphqlUrl,
    exchanges: [fetchExchange],
    // urql sends queries as GET by default; the API's CSRF prevention refuses a GET without a
    // preflight header. POST (as README.md says) avoids that.
    preferGetMethod: false,
    fetchOptions: () => ({ headers }),
  });
};

/** Creates a post, attaches a PNG and a PDF to it, and reads the post back, all through `execute`. */
async function attachTwoFiles(execute: Execute, title: string) {
  const { createPost } = await execute(CreatePostDocument, { title });
  const uploads = createUploadClient(execute);
  const png = solidPng(16, 16, [0, 128, 255]);
  const results = [
    await uploads.uploadFile(new File([png], 'blue.png', { type: 'image/png' }), {
      purpose: 'POST_ATTACHMENT',
      postId: createPost.id,
    }),
    await uploads.uploadFile(new Blob([pdfBytes()], { type: 'application/pdf' }), {
      purpose: 'POST_ATTACHMENT',
      postId: createPost.id,
      filename: 'notes.pdf',
    }),
  ];
  const { posts } = await execute(PostsDocument, { first: 10 });
  const post = posts.edges.find((edge) => edge.node.id === createPost.id)?.node;
  return { results, post };
}

describe.each([
  ['Apollo Client', () => apolloExecutor(apollo(token)), () => apolloExecutor(apollo())],
  ['urql', () => urqlExecutor(urql(token)), () => urqlExecutor(urql())],
])('%s adapter', (_name, signedIn, anonymous) => {
  it('creates a post, attaches files and reads them back, typed end to end', async () => {
    const { results, post } = await attachTwoFiles(signedIn(), `via ${_name}`);
    expect(results.map((result) => result.ok && result.file.filename)).toEqual(['blue.png', 'notes.pdf']);
    expect(post?.title).toBe(`via ${_name}`);
    expect(post?.author.name).toBe('Dave');
    expect(post?.attachments.map((file) => [file.filename, file.contentType])).toEqual([
      ['blue.png', 'image/png'],
      ['notes.pdf', 'application/pdf'],
    ]);
  });

  it('returns rejections as values', async () => {
    const uploads = createUploadClient(signedIn());
    const result = await uploads.uploadFile(new File(['hello'], 'hello.txt', { type: 'text/plain' }), {
      purpose: 'AVATAR',
    });
    expect(result).toMatchObject({ ok: false, stage: 'request', reason: 'CONTENT_TYPE_NOT_ALLOWED' });
  });

  it("rejects with the library's own error when the API refuses the request", async () => {
    const uploads = createUploadClient(anonymous());
    const upload = uploads.uploadFile(new File(['x'], 'x.png', { type: 'image/png' }), { purpose: 'AVATAR' });
    const error: unknown = await upload.catch((caught: unknown) => caught);
    if (_name === 'urql') {
      expect(error).toBeInstanceOf(CombinedError);
      expect((error as CombinedError).graphQLErrors[0]?.extensions['code']).toBe('UNAUTHENTICATED');
    } else {
      expect(CombinedGraphQLErrors.is(error)).toBe(true);
      expect((error as CombinedGraphQLErrors).errors[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
    }
  });

  it('honours the signal: aborted before or right after the call, the operation rejects', async () => {
    const execute = signedIn();
    await expect(execute(ViewerDocument, {}, { signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'AbortError',
    });
    const controller = new AbortController();
    const pending = execute(ViewerDocument, {}, { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    await expect(execute(ViewerDocument, {})).resolves.toMatchObject({ viewer: { name: 'Dave' } });
  });

  it('honours an aborted signal before sending anything', async () => {
    const before = await api.db.uploadTicket.count();
    const uploads = createUploadClient(signedIn());
    const upload = uploads.uploadFile(new File(['x'], 'x.png', { type: 'image/png' }), {
      purpose: 'AVATAR',
      signal: AbortSignal.abort(),
    });
    await expect(upload).rejects.toMatchObject({ name: 'AbortError' });
    expect(await api.db.uploadTicket.count()).toBe(before);
  });
});
