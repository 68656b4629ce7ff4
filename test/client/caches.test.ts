import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';
import { Client, cacheExchange as documentCacheExchange, fetchExchange } from '@urql/core';
import { cacheExchange } from '@urql/exchange-graphcache';
import { buildSchema, isObjectType, type GraphQLObjectType } from 'graphql';
import { apolloExecutor } from '../../src/client/apollo.ts';
import { uploadCacheKeys, uploadCacheSchema } from '../../src/client/graphcache.ts';
import {
  ClearAvatarDocument,
  createUploadClient,
  CreatePostDocument,
  PostDocument,
  RemoveAttachmentDocument,
  ReorderAttachmentsDocument,
  ViewerDocument,
  type Execute,
  type PostQuery,
  type ViewerQuery,
} from '../../src/client/index.ts';
import { urqlExecutor } from '../../src/client/urql.ts';
import { SCHEMA_FILE } from '../../src/server.ts';
import { solidPng } from '../support/png.ts';
import { pdfBytes } from '../support/sample-files.ts';
import { startTestApi, type TestApi } from '../support/test-api.ts';

// Normalized caches apply an upload by themselves: `uploadFile`'s confirm returns the changed
// parent (the viewer, the post), so watched queries re-emit with no `update` function, no
// `refetchQueries`, no `additionalTypenames`. Every request is counted by operation name, to show
// the new state came from the cache and not from a refetch. Real server, real client libraries.
let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

/** A fetch that records the operation name of every GraphQL request it sends. */
function countingFetch(sent: string[]): typeof fetch {
  return async (input, init) => {
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as { operationName?: string }) : {};
    sent.push(body.operationName ?? '?');
    return fetch(input, init);
  };
}

/** Values pushed by a subscription, and a way to wait for one that satisfies a predicate. */
function recorder<T>() {
  const values: T[] = [];
  const waiters: { test: (value: T) => boolean; resolve: (value: T) => void }[] = [];
  return {
    values,
    push(value: T) {
      values.push(value);
      for (const waiter of [...waiters]) {
        if (!waiter.test(value)) continue;
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(value);
      }
    },
    /** The first value from now on (or already the latest) that passes `test`; fails after 5 s. */
    next(test: (value: T) => boolean, what: string): Promise<T> {
      const latest = values.at(-1);
      if (latest !== undefined && test(latest)) return Promise.resolve(latest);
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no emission with ${what}; got ${JSON.stringify(values.at(-1))}`)),
          5000,
        );
        waiters.push({ test, resolve: (value) => (clearTimeout(timer), resolve(value)) });
      });
    },
  };
}

const avatarFile = (rgb: [number, number, number]) => new File([solidPng(8, 8, rgb)], 'me.png', { type: 'image/png' });
const pdfFile = (name: string) => new File([pdfBytes()], name, { type: 'application/pdf' });

/** What both libraries' tests do once the watches are set up. */
interface Watched {
  execute: Execute;
  sent: string[];
  viewer: ReturnType<typeof recorder<ViewerQuery['viewer'] | undefined>>;
  post: ReturnType<typeof recorder<PostQuery['post'] | undefined>>;
}

async function uploadsUpdateTheWatchedQueries({ execute, sent, viewer, post }: Watched) {
  await viewer.next((value) => value !== undefined && value?.avatar === null, 'no avatar yet');
  await post.next((value) => value?.attachments.length === 0, 'no attachments yet');
  sent.length = 0;
  const uploads = createUploadClient(execute);

  const first = await uploads.uploadFile(avatarFile([255, 0, 0]), { purpose: 'AVATAR' });
  if (!first.ok) throw new Error(`avatar rejected: ${first.reason}`);
  const shown = await viewer.next((value) => value?.avatar?.id === first.file.id, 'the new avatar');
  expect(shown?.avatar).toMatchObject({ filename: 'me.png', contentType: 'image/png' });

  // A replaced avatar (a File object already in the cache before) updates as well.
  const second = await uploads.uploadFile(avatarFile([0, 0, 255]), { purpose: 'AVATAR' });
  if (!second.ok) throw new Error(`avatar rejected: ${second.reason}`);
  await viewer.next((value) => value?.avatar?.id === second.file.id, 'the replacing avatar');

  const postId = post.values.at(-1)!.id;
  const attached: string[] = [];
  for (const name of ['a.pdf', 'b.pdf']) {
    const result = await uploads.uploadFile(pdfFile(name), { purpose: 'POST_ATTACHMENT', postId });
    if (!result.ok) throw new Error(`attachment rejected: ${result.reason}`);
    attached.push(result.file.id);
    await post.next(
      (value) => value?.attachments.map((file) => file.id).join() === attached.join(),
      `attachments ${attached.join()}`,
    );
  }
  expect(post.values.at(-1)?.attachments.map((file) => file.filename)).toEqual(['a.pdf', 'b.pdf']);
  // Nothing but the uploads' own operations went to the server: no query was fetched again.
  expect(new Set(sent)).toEqual(new Set(['RequestUpload', 'ConfirmUpload']));
}

/** Managing the files: each change returns the changed parent, so the same watches update. */
async function changesUpdateTheWatchedQueries({ execute, sent, viewer, post }: Watched) {
  const uploads = createUploadClient(execute);
  const { id: postId, attachments } = post.values.at(-1)!;
  const third = await uploads.uploadFile(pdfFile('c.pdf'), { purpose: 'POST_ATTACHMENT', postId });
  if (!third.ok) throw new Error(`attachment rejected: ${third.reason}`);
  const avatar = await uploads.uploadFile(avatarFile([9, 9, 9]), { purpose: 'AVATAR' });
  if (!avatar.ok) throw new Error(`avatar rejected: ${avatar.reason}`);
  await viewer.next((value) => value?.avatar?.id === avatar.file.id, 'the avatar');
  const names = (value: PostQuery['post'] | undefined) => value?.attachments.map((file) => file.filename).join();
  await post.next((value) => names(value) === 'a.pdf,b.pdf,c.pdf', 'three attachments');
  sent.length = 0;

  const [a, b] = attachments.map((file) => file.id) as [string, string];
  const c = third.file.id;
  const { reorderAttachments } = await execute(ReorderAttachmentsDocument, { postId, fileIds: [c, a, b] });
  expect(reorderAttachments.__typename).toBe('ReorderedAttachments');
  await post.next((value) => names(value) === 'c.pdf,a.pdf,b.pdf', 'the new order');

  const { removeAttachment } = await execute(RemoveAttachmentDocument, { postId, fileId: a });
  expect(removeAttachment).toMatchObject({ __typename: 'RemovedAttachment', removedFileId: a });
  await post.next((value) => names(value) === 'c.pdf,b.pdf', 'a.pdf removed');

  const { clearAvatar } = await execute(ClearAvatarDocument, {});
  expect(clearAvatar.removedFileId).toBe(avatar.file.id);
  await viewer.next((value) => value !== undefined && value?.avatar === null, 'no avatar');
  // The changes' own mutations only: no watched query was fetched again.
  expect(sent).toEqual(['ReorderAttachments', 'RemoveAttachment', 'ClearAvatar']);
}

describe('Apollo Client InMemoryCache', () => {
  it('updates watched viewer and post queries after uploads, with no update function or refetch', async () => {
    const token = await api.token('ada', 'Ada');
    const sent: string[] = [];
    const client = new ApolloClient({
      link: new HttpLink({
        uri: api.graphqlUrl,
        headers: { authorization: `Bearer ${token}` },
        fetch: countingFetch(sent),
      }),
      cache: new InMemoryCache(),
    });
    const execute = apolloExecutor(client);
    const { createPost } = await execute(CreatePostDocument, { title: 'watched by Apollo' });

    const viewer = recorder<ViewerQuery['viewer'] | undefined>();
    const post = recorder<PostQuery['post'] | undefined>();
    const subscriptions = [
      // Complete results only: the first emission is the loading state, with no data yet.
      client
        .watchQuery({ query: ViewerDocument })
        .subscribe((result) => result.dataState === 'complete' && viewer.push(result.data.viewer)),
      client
        .watchQuery({ query: PostDocument, variables: { id: createPost.id } })
        .subscribe((result) => result.dataState === 'complete' && post.push(result.data.post)),
    ];
    try {
      await uploadsUpdateTheWatchedQueries({ execute, sent, viewer, post });
      await changesUpdateTheWatchedQueries({ execute, sent, viewer, post });
    } finally {
      subscriptions.forEach((subscription) => subscription.unsubscribe());
      client.stop();
    }
  });
});

describe('urql graphcache', () => {
  it('updates watched viewer and post queries after uploads, with no updates config or refetch', async () => {
    const token = await api.token('grace', 'Grace');
    const sent: string[] = [];
    const client = new Client({
      url: api.graphqlUrl,
      exchanges: [cacheExchange({ schema: uploadCacheSchema, keys: uploadCacheKeys }), fetchExchange],
      preferGetMethod: false,
      fetch: countingFetch(sent),
      fetchOptions: () => ({ headers: { authorization: `Bearer ${token}` } }),
    });
    const execute = urqlExecutor(client);
    const { createPost } = await execute(CreatePostDocument, { title: 'watched by graphcache' });

    const viewer = recorder<ViewerQuery['viewer'] | undefined>();
    const post = recorder<PostQuery['post'] | undefined>();
    const subscriptions = [
      client.query(ViewerDocument, {}).subscribe(({ data }) => viewer.push(data?.viewer)),
      client.query(PostDocument, { id: createPost.id }).subscribe(({ data }) => post.push(data?.post)),
    ];
    try {
      await uploadsUpdateTheWatchedQueries({ execute, sent, viewer, post });
      await changesUpdateTheWatchedQueries({ execute, sent, viewer, post });
    } finally {
      subscriptions.forEach((subscription) => subscription.unsubscribe());
    }
  });
});

describe("urql's document cache", () => {
  it('fetches the viewer query again after an avatar upload, also when there was no avatar before', async () => {
    // The document cache invalidates by typename: the confirm's result now carries `User`, which a
    // viewer without an avatar (no `File` in its result) is invalidated by.
    const token = await api.token('hedy', 'Hedy');
    const sent: string[] = [];
    const client = new Client({
      url: api.graphqlUrl,
      exchanges: [documentCacheExchange, fetchExchange],
      preferGetMethod: false,
      fetch: countingFetch(sent),
      fetchOptions: () => ({ headers: { authorization: `Bearer ${token}` } }),
    });
    const viewer = recorder<ViewerQuery['viewer'] | undefined>();
    const subscription = client.query(ViewerDocument, {}).subscribe(({ data }) => viewer.push(data?.viewer));
    try {
      await viewer.next((value) => value !== undefined && value?.avatar === null, 'no avatar yet');
      const result = await createUploadClient(urqlExecutor(client)).uploadFile(avatarFile([0, 255, 0]), {
        purpose: 'AVATAR',
      });
      if (!result.ok) throw new Error(`avatar rejected: ${result.reason}`);
      await viewer.next((value) => value?.avatar?.id === result.file.id, 'the new avatar');
      expect(sent).toEqual(['Viewer', 'RequestUpload', 'ConfirmUpload', 'Viewer']);
    } finally {
      subscription.unsubscribe();
    }
  });
});

describe('uploadCacheKeys', () => {
  it('names exactly the object types without an id (graphcache keys the others by id)', () => {
    const schema = buildSchema(readFileSync(SCHEMA_FILE, 'utf8'));
    const roots = new Set(['Query', 'Mutation', 'Subscription']);
    const idless = Object.values(schema.getTypeMap())
      .filter((type) => isObjectType(type) && !type.name.startsWith('__') && !roots.has(type.name))
      .filter((type) => !('id' in (type as GraphQLObjectType).getFields()))
      .map((type) => type.name);
    expect(Object.keys(uploadCacheKeys).sort()).toEqual(idless.sort());
  });
});
