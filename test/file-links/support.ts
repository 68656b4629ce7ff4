import { fetchExecutor } from '../../src/client/fetch.ts';
import {
  createUploadClient,
  CreatePostDocument,
  GraphQLResponseError,
  PostDocument,
  type Execute,
} from '../../src/client/index.ts';
import { pdfBytes } from '../support/sample-files.ts';
import type { TestApi } from '../support/test-api.ts';

/** A typed GraphQL client signed in as `token` (anonymous without one). */
export function executorFor(api: Pick<TestApi, 'graphqlUrl'>, token?: string): Execute {
  return fetchExecutor({ url: api.graphqlUrl, headers: token ? { authorization: `Bearer ${token}` } : {} });
}

export interface PostWithFiles {
  postId: string;
  fileIds: string[];
  keys: string[];
}

/** A new post of the signed-in user with `count` PDF attachments, uploaded the way a client does. */
export async function postWithAttachments(execute: Execute, count: number): Promise<PostWithFiles> {
  const { createPost } = await execute(CreatePostDocument, { title: 'with files' });
  const uploads = createUploadClient(execute);
  const fileIds: string[] = [];
  const keys: string[] = [];
  for (let i = 0; i < count; i++) {
    const file = new File([pdfBytes(300 + i)], `f${i}.pdf`, { type: 'application/pdf' });
    const result = await uploads.uploadFile(file, { purpose: 'POST_ATTACHMENT', postId: createPost.id });
    if (!result.ok) throw new Error(`upload refused: ${result.reason}`);
    fileIds.push(result.file.id);
    keys.push(result.file.key);
  }
  return { postId: createPost.id, fileIds, keys };
}

/** The post's attachment ids in order, as its owner reads them (null when the post is gone). */
export async function attachmentIds(execute: Execute, postId: string): Promise<string[] | null> {
  const { post } = await execute(PostDocument, { id: postId });
  return post ? post.attachments.map((file) => file.id) : null;
}

/** The `extensions.code` a refused request was answered with. */
export async function errorCode(request: Promise<unknown>): Promise<string | undefined> {
  try {
    await request;
  } catch (error) {
    if (error instanceof GraphQLResponseError) return error.codes[0];
    throw error;
  }
  throw new Error('the request was not refused');
}
