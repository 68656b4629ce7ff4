// The browser/Node client of the upload-ticket API (package subpath `graphql-upload-tickets/client`).
// It imports nothing at run time: no server code, no Node built-ins, no GraphQL library. Adapters
// live in their own subpaths (`/client/apollo`, `/client/urql`, `/client/fetch`), so an app only
// loads the one it uses.
export { createUploadClient } from './upload-file.ts';
export type { UploadClient, UploadOptions, UploadResult, UploadedFile } from './upload-file.ts';
export { StorageUploadError, type UploadProgress } from './post-form.ts';
export type { ResumableUpload } from './upload-parts.ts';
export { GraphQLResponseError, type Execute, type ExecuteOptions } from './execute.ts';
export { describeRejection } from './rejections.ts';
// The typed operations (generated from schema.graphql and operations.graphql) for the app's own use.
export {
  ConfirmUploadDocument,
  CreatePostDocument,
  PostsDocument,
  RequestUploadDocument,
  ViewerDocument,
} from '../generated/client/graphql.ts';
export type {
  CreatePostMutation,
  PostsQuery,
  PostsQueryVariables,
  UploadPurpose,
  UploadRejectionReason,
  ViewerQuery,
} from '../generated/client/graphql.ts';
