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
// Every typed operation and fragment (generated from schema.graphql and operations.graphql) for the
// app's own use: run them with its GraphQL client, spread the fragments into its own queries. The
// package also carries both sources (`graphql-upload-tickets/schema.graphql`,
// `graphql-upload-tickets/operations.graphql`) for an app's own codegen.
export {
  AbortUploadDocument,
  ClearAvatarDocument,
  ConfirmUploadDocument,
  CreatePostDocument,
  DeletePostDocument,
  PostAttachmentsFragmentDoc,
  PostDocument,
  PostsDocument,
  RemoveAttachmentDocument,
  ReorderAttachmentsDocument,
  RequestUploadDocument,
  SignUploadPartsDocument,
  UploadedFileFragmentDoc,
  UploadedPartsDocument,
  UploadStatusDocument,
  ViewerAvatarFragmentDoc,
  ViewerDocument,
} from '../generated/client/graphql.ts';
export type {
  AbortUploadMutation,
  AbortUploadMutationVariables,
  ChangeRejectionReason,
  ClearAvatarMutation,
  ClearAvatarMutationVariables,
  ConfirmUploadMutation,
  ConfirmUploadMutationVariables,
  CreatePostMutation,
  CreatePostMutationVariables,
  DeletePostMutation,
  DeletePostMutationVariables,
  PostAttachmentsFragment,
  PostQuery,
  PostQueryVariables,
  PostsQuery,
  PostsQueryVariables,
  RemoveAttachmentMutation,
  RemoveAttachmentMutationVariables,
  ReorderAttachmentsMutation,
  ReorderAttachmentsMutationVariables,
  RequestUploadInput,
  RequestUploadMutation,
  RequestUploadMutationVariables,
  SignUploadPartsMutation,
  SignUploadPartsMutationVariables,
  UploadedFileFragment,
  UploadedPartsQuery,
  UploadedPartsQueryVariables,
  UploadMethod,
  UploadPurpose,
  UploadRejectionReason,
  UploadState,
  UploadStatusQuery,
  UploadStatusQueryVariables,
  ViewerAvatarFragment,
  ViewerQuery,
  ViewerQueryVariables,
} from '../generated/client/graphql.ts';
