import { Client, fetchExchange } from '@urql/core';
import { createUploadClient } from 'graphql-upload-tickets/client';
import { urqlExecutor } from 'graphql-upload-tickets/client/urql';

export const connect = (url: string, token: string) =>
  new Client({
    url,
    exchanges: [fetchExchange],
    preferGetMethod: false, // the API's CSRF prevention refuses GET queries without a preflight header
    fetchOptions: () => ({ headers: { authorization: `Bearer ${token}` } }),
  });

export function attach(urql: Client, postId: string, file: File, signal: AbortSignal) {
  const uploads = createUploadClient(urqlExecutor(urql));
  return uploads.uploadFile(file, { purpose: 'POST_ATTACHMENT', postId, signal }); // signal.abort() cancels
}
