import {
  ClearedAvatar,
  DeletedPost,
  DeletePostResult,
  linkMutationResolvers,
  RemoveAttachmentResult,
  RemovedAttachment,
  ReorderAttachmentsResult,
  ReorderedAttachments,
} from '../file-links/link-resolvers.ts';
import type { Resolvers } from '../generated/graphql.ts';
import { Post, PostConnection, postMutationResolvers, postQueryResolvers } from '../posts/post-resolvers.ts';
import {
  AbortUploadResult,
  ConfirmedUpload,
  ConfirmUploadResult,
  File,
  RequestUploadResult,
  SignUploadPartsResult,
  UploadedPartsResult,
  UploadStatusResult,
  uploadMutationResolvers,
  uploadQueryResolvers,
} from '../uploads/upload-resolvers.ts';
import { User, userQueryResolvers } from '../users/user-resolvers.ts';
import { DateTimeScalar, SafeIntScalar } from './scalars.ts';

/** Every module's resolvers, in one map typed against schema.graphql. */
export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  SafeInt: SafeIntScalar,
  Query: { ...userQueryResolvers, ...postQueryResolvers, ...uploadQueryResolvers },
  Mutation: { ...postMutationResolvers, ...uploadMutationResolvers, ...linkMutationResolvers },
  User,
  Post,
  PostConnection,
  File,
  RequestUploadResult,
  ConfirmUploadResult,
  ConfirmedUpload,
  SignUploadPartsResult,
  UploadedPartsResult,
  AbortUploadResult,
  UploadStatusResult,
  RemoveAttachmentResult,
  RemovedAttachment,
  ReorderAttachmentsResult,
  ReorderedAttachments,
  ClearedAvatar,
  DeletePostResult,
  DeletedPost,
};
