import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CreatePostDocument } from '../../src/generated/client/graphql.ts';
import { AuthorPostsDocument, PostsPageDocument, UnknownPostsDocument } from '../generated/graphql.ts';
import { pngBytes, textBytes } from '../support/sample-files.ts';
import { startTestApi, type TestApi } from '../support/test-api.ts';
import { confirm, issueTicket, postToStorage } from '../support/upload-client.ts';

let api: TestApi;
const postIds: string[] = [];

async function attach(token: string, postId: string, text: string) {
  const bytes = textBytes(text);
  const ticket = await issueTicket(api, token, {
    purpose: 'POST_ATTACHMENT',
    postId,
    filename: `${text}.txt`,
    contentType: 'text/plain',
    byteSize: bytes.length,
  });
  await postToStorage(ticket, bytes);
  await confirm(api, token, ticket.id);
}

beforeAll(async () => {
  api = await startTestApi();
  const authors = await Promise.all(['ann', 'ben', 'cat'].map((name) => api.token(name, name.toUpperCase())));
  for (const token of authors.slice(0, 2)) {
    const png = pngBytes(100);
    const ticket = await issueTicket(api, token, {
      purpose: 'AVATAR',
      filename: 'a.png',
      contentType: 'image/png',
      byteSize: 100,
    });
    await postToStorage(ticket, png);
    await confirm(api, token, ticket.id);
  }
  // 60 posts, oldest first, by three authors; every fifth post has two attachments.
  for (let i = 0; i < 60; i++) {
    const token = authors[i % 3]!;
    const response = await api.graphql(CreatePostDocument, { title: `post ${i}` }, token);
    const id = response.data!.createPost.id;
    postIds.push(id);
    if (i % 5 === 0) {
      await attach(token, id, `first-${i}`);
      await attach(token, id, `second-${i}`);
    }
  }
}, 60_000);
afterAll(() => api.stop());

async function page(first: number, after?: string | null) {
  api.queries.length = 0;
  const response = await api.graphql(PostsPageDocument, { first, after });
  expect(response.errors).toBeUndefined();
  return { posts: response.data!.posts, queries: api.queries.length };
}

describe('posts', () => {
  it('pages newest first with cursors that continue where the last page stopped', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const { posts } = await page(25, after);
      seen.push(...posts.edges.map((edge) => edge.node.title));
      if (!posts.pageInfo.hasNextPage) break;
      after = posts.pageInfo.endCursor;
    }
    expect(seen).toEqual(Array.from({ length: 60 }, (_, i) => `post ${59 - i}`));
  });

  it('returns authors, avatars and attachments with presigned URLs', async () => {
    const { posts } = await page(10);
    const withFiles = posts.edges.find((edge) => edge.node.title === 'post 55')!.node;
    expect(withFiles.attachments).toHaveLength(2);
    expect(withFiles.attachments[0]!.url).toMatch(/X-Amz-Signature=/);
    expect((await fetch(withFiles.attachments[0]!.url)).status).toBe(200);
    expect(posts.edges.some((edge) => edge.node.author.avatar !== null)).toBe(true);
  });

  it('costs the same number of SQL queries for 5 or 50 posts (no N+1)', async () => {
    const small = await page(5);
    const large = await page(50);
    expect(large.posts.edges).toHaveLength(50);
    expect(large.queries).toBe(small.queries);
    expect(large.queries).toBeLessThanOrEqual(5);
  });

  it("lists one author's posts under the user", async () => {
    const response = await api.graphql(AuthorPostsDocument, { id: postIds[59]! });
    expect(response.data?.post?.author.posts.edges.map((edge) => edge.node.title)).toEqual([
      'post 59',
      'post 56',
      'post 53',
    ]);
  });

  it.each([
    ['first above 100', { first: 101 }],
    ['first below 1', { first: 0 }],
    ['a forged cursor', { first: 5, after: 'bm90LWEtY3Vyc29y' }],
  ])('BAD_USER_INPUT for %s', async (_name, variables) => {
    const response = await api.graphql(PostsPageDocument, variables);
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('post(id) is null for unknown or malformed ids', async () => {
    const response = await api.graphql(UnknownPostsDocument);
    expect(response.data).toEqual({ a: null, b: null });
  });

  it('createPost needs a token and a sensible title', async () => {
    expect((await api.graphql(CreatePostDocument, { title: 'x' })).errors?.[0]?.extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
    const token = await api.token('ann');
    for (const title of ['', '   ', 'x'.repeat(201), 'a\u0000b']) {
      expect((await api.graphql(CreatePostDocument, { title }, token)).errors?.[0]?.extensions?.code).toBe(
        'BAD_USER_INPUT',
      );
    }
  });
});
