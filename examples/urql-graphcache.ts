import { Client, fetchExchange } from '@urql/core';
import { cacheExchange } from '@urql/exchange-graphcache';
import { uploadCacheKeys, uploadCacheSchema } from 'graphql-upload-tickets/client/graphcache';

// urql with its normalized cache: after an upload, every query showing the viewer's avatar or the
// post's attachments updates from the confirm's result, with no `updates` and no refetch.
export const connect = (url: string, token: string) =>
  new Client({
    url,
    exchanges: [cacheExchange({ schema: uploadCacheSchema, keys: uploadCacheKeys }), fetchExchange],
    preferGetMethod: false, // the API's CSRF prevention refuses GET queries without a preflight header
    fetchOptions: () => ({ headers: { authorization: `Bearer ${token}` } }),
  });
