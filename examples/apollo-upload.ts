import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';
import { createUploadClient, describeRejection } from 'graphql-upload-tickets/client';
import { apolloExecutor } from 'graphql-upload-tickets/client/apollo';

// The app's ApolloClient, as it already is: uploads use its link (headers) and cache.
export const connect = (uri: string, token: string) =>
  new ApolloClient({
    link: new HttpLink({ uri, headers: { authorization: `Bearer ${token}` } }),
    cache: new InMemoryCache(),
  });

export async function setAvatar(apollo: ApolloClient, file: File, onPercent: (percent: number) => void) {
  const uploads = createUploadClient(apolloExecutor(apollo));
  const result = await uploads.uploadFile(file, {
    purpose: 'AVATAR',
    onProgress: ({ loaded, total }) => onPercent(Math.round((100 * loaded) / total)),
  });
  if (!result.ok) throw new Error(describeRejection(result.reason)); // or switch on result.reason
  return result.file; // typed: id, url, filename, contentType, byteSize, createdAt
}
