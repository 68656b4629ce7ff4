// The project's own client (src/client) as an app would use it, uploading a file from disk: the
// file is a disk-backed Blob, so even a 1 GB upload is read from disk part by part.
import { openAsBlob } from 'node:fs';
import {
  CreatePostDocument,
  createUploadClient,
  type ResumableUpload,
  type UploadResult,
} from '../../../src/client/index.ts';
import { fetchExecutor } from '../../../src/client/fetch.ts';
import type { Execute } from '../../../src/client/execute.ts';
import type { TestFile } from './test-files.ts';

export function executorFor(graphqlUrl: string, token: string): Execute {
  return fetchExecutor({ url: graphqlUrl, headers: { authorization: `Bearer ${token}` } });
}

/** A post of the token's user to attach videos to. */
export async function createPost(execute: Execute, title: string): Promise<string> {
  const { createPost: post } = await execute(CreatePostDocument, { title });
  return post.id;
}

export async function uploadVideo(
  execute: Execute,
  file: TestFile,
  postId: string,
  options: {
    onTicket?: (upload: ResumableUpload) => void;
    onProgress?: (loaded: number) => void;
    resume?: ResumableUpload;
  } = {},
): Promise<UploadResult> {
  const blob = await openAsBlob(file.path, { type: file.contentType });
  return createUploadClient(execute).uploadFile(blob, {
    purpose: 'VIDEO',
    postId,
    filename: file.filename,
    contentType: file.contentType,
    onTicket: options.onTicket,
    onProgress: options.onProgress ? ({ loaded }) => options.onProgress!(loaded) : undefined,
    resume: options.resume,
  });
}

/** The linked file, or an error saying why the upload did not end linked. */
export function expectLinked(result: UploadResult, file: TestFile): { id: string; key: string } {
  if (!result.ok)
    throw new Error(`upload of ${file.filename} refused at ${result.stage}: ${result.reason} ${result.message}`);
  if (result.file.byteSize !== file.byteSize)
    throw new Error(`${file.filename}: API says ${result.file.byteSize} bytes, file has ${file.byteSize}`);
  return { id: result.file.id, key: result.file.key };
}
