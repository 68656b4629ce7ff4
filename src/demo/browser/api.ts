// The demo's connection to the API: the pasted token, the project's client on plain fetch, and
// one upload with its own progress row.
import {
  createUploadClient,
  describeRejection,
  GraphQLResponseError,
  StorageUploadError,
  type UploadedFile,
  type UploadPurpose,
} from '../../client/index.ts';
import { fetchExecutor } from '../../client/fetch.ts';
import { uploadRow } from './view.ts';

const TOKEN_KEY = 'upload-tickets-demo-token';
let token = sessionStorage.getItem(TOKEN_KEY) ?? '';

export const currentToken = (): string => token;

export function setToken(value: string): void {
  token = value;
  sessionStorage.setItem(TOKEN_KEY, token);
}

export const execute = fetchExecutor({
  url: '/graphql',
  headers: (): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {}),
});
const uploads = createUploadClient(execute);

/** Uploads one file with its own progress row; resolves with the file once it is verified. */
export async function upload(
  file: File,
  purpose: UploadPurpose,
  container: HTMLElement,
  postId?: string,
): Promise<UploadedFile | undefined> {
  const row = uploadRow(container, file.name);
  try {
    const result = await uploads.uploadFile(file, { purpose, postId, signal: row.signal, onProgress: row.progress });
    if (result.ok) {
      row.settle('done', 'Uploaded and verified.');
      return result.file;
    }
    row.settle('rejected', `${describeRejection(result.reason)} (${result.reason}: ${result.message})`);
  } catch (error) {
    const cancelled = error instanceof DOMException && error.name === 'AbortError';
    row.settle(cancelled ? 'cancelled' : 'failed', cancelled ? 'Cancelled: nothing was linked.' : describeError(error));
  }
  return undefined;
}

export function describeError(error: unknown): string {
  if (error instanceof GraphQLResponseError) return `The API refused: ${error.message} (${error.codes.join(', ')})`;
  if (error instanceof StorageUploadError) return error.message;
  return `Something went wrong: ${String(error)}`;
}
