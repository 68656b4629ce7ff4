import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { FileRecord, IssuedTicket, IssuedPutTicket, IssuedMultipartTicket, SignedParts, StoredParts, Aborted, Rejection, Confirmed, UploadStatusRecord } from '../uploads/upload-model.ts';
import type { ChangeRejection, RemovedAttachmentRecord, ReorderedAttachmentsRecord, ClearedAvatarRecord, DeletedPostRecord } from '../file-links/link-model.ts';
import type { UserRecord } from '../users/user-model.ts';
import type { PostRecord, PostPage, PostEdgeRecord } from '../posts/post-model.ts';
import type { GraphQLContext } from '../graphql/context.ts';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** An ISO-8601 date-time in UTC, e.g. `2026-11-22T10:15:00.000Z`. */
  DateTime: { input: Date; output: Date; }
  /**
   * An integer between -(2^53-1) and 2^53-1: exact in JSON and JavaScript, so file sizes beyond 2 GiB
   * fit (GraphQL's `Int` stops at 2^31-1).
   */
  SafeInt: { input: number; output: number; }
};

export type AbortUploadResult = AbortedUpload | UploadRejected;

export type AbortedUpload = {
  __typename?: 'AbortedUpload';
  ticketId: Scalars['ID']['output'];
};

/** An expected refusal of a change, returned as data so clients can show it. */
export type ChangeRejected = {
  __typename?: 'ChangeRejected';
  /** A sentence for people; do not parse it, switch on `reason`. */
  message: Scalars['String']['output'];
  reason: ChangeRejectionReason;
};

/** Why a change to what is linked was refused. Someone else's post gets the same answer as a missing one. */
export type ChangeRejectionReason =
  /** The file is not (or no longer) attached to this post. */
  | 'ATTACHMENT_NOT_FOUND'
  /** `fileIds` does not name each of the post's current attachments exactly once (another change came first?): read the post again. */
  | 'ORDER_MISMATCH'
  /** No post with this id is the viewer's. */
  | 'POST_NOT_FOUND';

/** The viewer without an avatar. Select `viewer { id avatar { id } }` and caches show no avatar. */
export type ClearedAvatar = {
  __typename?: 'ClearedAvatar';
  /** The avatar that was removed (its object is deleted); null if there was none. */
  removedFileId?: Maybe<Scalars['ID']['output']>;
  viewer: User;
};

export type ConfirmUploadInput = {
  ticketId: Scalars['ID']['input'];
};

export type ConfirmUploadResult = ConfirmedUpload | UploadRejected;

/**
 * The confirmed file and the parent it was linked to, as they are after the confirmation. Select the
 * parent's changed field (`viewer { id avatar { … } }`, `post { id attachments { … } }`) and a
 * normalized cache (Apollo Client's InMemoryCache, urql's graphcache) updates every query that shows
 * it, with no `update` function or refetch.
 */
export type ConfirmedUpload = {
  __typename?: 'ConfirmedUpload';
  file: File;
  /** The post the file is attached to (POST_ATTACHMENT, VIDEO), with `attachments` including it; null for an avatar. */
  post?: Maybe<Post>;
  /** The signed-in user. After an AVATAR upload `viewer.avatar` is this file (unless a later avatar replaced it). */
  viewer: User;
};

export type CreatePostInput = {
  /** 1 to 200 characters. */
  title: Scalars['String']['input'];
};

export type DeletePostInput = {
  postId: Scalars['ID']['input'];
};

export type DeletePostResult = ChangeRejected | DeletedPost;

/**
 * The post is gone with its attachments (their objects are deleted; uploads still in progress for it
 * are rejected). Caches cannot infer a removal from data: evict `Post:<deletedPostId>` (the client
 * package exports helpers for Apollo Client and graphcache).
 */
export type DeletedPost = {
  __typename?: 'DeletedPost';
  deletedPostId: Scalars['ID']['output'];
  viewer: User;
};

/** A verified file in storage. */
export type File = {
  __typename?: 'File';
  byteSize: Scalars['SafeInt']['output'];
  /** SHA-256 (base64) the file was verified against, when one was declared. */
  checksumSha256?: Maybe<Scalars['String']['output']>;
  /** MD5 (base64) the file was verified against, when one was declared. */
  contentMd5?: Maybe<Scalars['String']['output']>;
  contentType: Scalars['String']['output'];
  createdAt: Scalars['DateTime']['output'];
  filename: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  key: Scalars['String']['output'];
  owner: User;
  /**
   * A presigned download URL. Images open inline, other files download under their filename. The same
   * URL for every read within a signing window (half its lifetime, so browsers and caches can keep it);
   * valid until `urlExpiresAt`.
   */
  url: Scalars['String']['output'];
  /** When `url` stops working: at least half of its lifetime (DOWNLOAD_URL_TTL_SECONDS) after it was read. Read `url` again before. */
  urlExpiresAt: Scalars['DateTime']['output'];
};

/** One multipart/form-data field of an upload. */
export type FormField = {
  __typename?: 'FormField';
  name: Scalars['String']['output'];
  value: Scalars['String']['output'];
};

/** One HTTP header the client must send, exactly as given. */
export type HttpHeader = {
  __typename?: 'HttpHeader';
  name: Scalars['String']['output'];
  value: Scalars['String']['output'];
};

/**
 * Permission to upload a large file in parts, straight to storage (above the multipart threshold,
 * 100 MiB by default, whatever `method` asked for). Sign part URLs with `signUploadParts` (lazily,
 * in batches; again when they expire), PUT each part's bytes to its URL, resume after a crash with
 * `uploadedParts`, then `confirmUpload`, which assembles and verifies the file. `abortUpload` gives
 * up and frees the stored parts.
 */
export type MultipartUploadTicket = {
  __typename?: 'MultipartUploadTicket';
  byteSize: Scalars['SafeInt']['output'];
  /** After this instant parts can no longer be signed and the ticket can no longer be confirmed. */
  expiresAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  key: Scalars['String']['output'];
  partCount: Scalars['Int']['output'];
  /** Every part has this size except the last, which has the rest. */
  partSize: Scalars['SafeInt']['output'];
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Give up an unconfirmed upload: frees stored parts or bytes. Idempotent. */
  abortUpload: AbortUploadResult;
  /** Remove the viewer's avatar; its object is deleted. Idempotent. */
  clearAvatar: ClearedAvatar;
  /** Check what was stored for a ticket and link it. Idempotent: confirming again returns the same file. */
  confirmUpload: ConfirmUploadResult;
  createPost: Post;
  /** Delete one of the viewer's posts with its attachments. */
  deletePost: DeletePostResult;
  /** Detach a file from one of the viewer's posts; its object is deleted. */
  removeAttachment: RemoveAttachmentResult;
  /** Put a post's attachments in a new order. */
  reorderAttachments: ReorderAttachmentsResult;
  /** Ask for permission to upload one file straight to storage. */
  requestUpload: RequestUploadResult;
  /** Presigned URLs for parts of a multipart upload (1 to 100 part numbers per call). */
  signUploadParts: SignUploadPartsResult;
};


export type MutationAbortUploadArgs = {
  ticketId: Scalars['ID']['input'];
};


export type MutationConfirmUploadArgs = {
  input: ConfirmUploadInput;
};


export type MutationCreatePostArgs = {
  input: CreatePostInput;
};


export type MutationDeletePostArgs = {
  input: DeletePostInput;
};


export type MutationRemoveAttachmentArgs = {
  input: RemoveAttachmentInput;
};


export type MutationReorderAttachmentsArgs = {
  input: ReorderAttachmentsInput;
};


export type MutationRequestUploadArgs = {
  input: RequestUploadInput;
};


export type MutationSignUploadPartsArgs = {
  partNumbers: Array<Scalars['Int']['input']>;
  ticketId: Scalars['ID']['input'];
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type Post = {
  __typename?: 'Post';
  /** In the order they were confirmed, unless reordered (reorderAttachments). */
  attachments: Array<File>;
  author: User;
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  title: Scalars['String']['output'];
};

export type PostConnection = {
  __typename?: 'PostConnection';
  edges: Array<PostEdge>;
  pageInfo: PageInfo;
};

export type PostEdge = {
  __typename?: 'PostEdge';
  cursor: Scalars['String']['output'];
  node: Post;
};

/**
 * Permission to PUT one file straight to storage: send the bytes as the request body to `url` with
 * every header of `headers` (the store refuses any other size, type or checksum), then call
 * `confirmUpload` with the ticket's `id`.
 */
export type PutUploadTicket = {
  __typename?: 'PutUploadTicket';
  byteSize: Scalars['SafeInt']['output'];
  expiresAt: Scalars['DateTime']['output'];
  headers: Array<HttpHeader>;
  id: Scalars['ID']['output'];
  key: Scalars['String']['output'];
  url: Scalars['String']['output'];
};

export type Query = {
  __typename?: 'Query';
  post?: Maybe<Post>;
  /** All posts, newest first. `first` is 1 to 100 (default 20); `after` is a cursor from a previous page. */
  posts: PostConnection;
  /** Where one of the viewer's uploads stands (someone else's ticket is NOT_FOUND). */
  uploadStatus: UploadStatusResult;
  /** The parts of a multipart upload the store already holds: resume from here after a crash or reload. */
  uploadedParts: UploadedPartsResult;
  /** The signed-in user, or null without a token. */
  viewer?: Maybe<User>;
};


export type QueryPostArgs = {
  id: Scalars['ID']['input'];
};


export type QueryPostsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryUploadStatusArgs = {
  ticketId: Scalars['ID']['input'];
};


export type QueryUploadedPartsArgs = {
  ticketId: Scalars['ID']['input'];
};

export type RemoveAttachmentInput = {
  fileId: Scalars['ID']['input'];
  postId: Scalars['ID']['input'];
};

export type RemoveAttachmentResult = ChangeRejected | RemovedAttachment;

/**
 * The post without the removed file. Select `post { id attachments { … } }` and normalized caches
 * update every query that shows the post's attachments.
 */
export type RemovedAttachment = {
  __typename?: 'RemovedAttachment';
  post: Post;
  /** The removed file: no longer linked, its object is deleted. */
  removedFileId: Scalars['ID']['output'];
};

export type ReorderAttachmentsInput = {
  /** Every attachment of the post, each once, in the new order. */
  fileIds: Array<Scalars['ID']['input']>;
  postId: Scalars['ID']['input'];
};

export type ReorderAttachmentsResult = ChangeRejected | ReorderedAttachments;

/** The post with its attachments in the new order. */
export type ReorderedAttachments = {
  __typename?: 'ReorderedAttachments';
  post: Post;
};

export type RequestUploadInput = {
  /** The exact size of the file in bytes. The storage refuses an upload of any other size. */
  byteSize: Scalars['SafeInt']['input'];
  /** SHA-256 of the file, base64 (as in S3's x-amz-checksum-sha256). Verified before the file is linked. */
  checksumSha256?: InputMaybe<Scalars['String']['input']>;
  /** MD5 of the file, base64 (as in Content-MD5). The store refuses other bytes; verified again before linking. */
  contentMd5?: InputMaybe<Scalars['String']['input']>;
  /** The MIME type of the file, e.g. `image/png`. The storage accepts the upload only with exactly this `Content-Type` field. */
  contentType: Scalars['String']['input'];
  /** Shown to people and used for downloads only; never part of the storage key. 1-255 bytes of UTF-8, no control characters or path separators. */
  filename: Scalars['String']['input'];
  /** How the client will send the bytes: a form POST (browsers, the default) or a plain PUT (mobile apps, CLIs). */
  method?: InputMaybe<UploadMethod>;
  /** The post to attach the file to; required for POST_ATTACHMENT, not allowed otherwise. */
  postId?: InputMaybe<Scalars['ID']['input']>;
  purpose: UploadPurpose;
};

export type RequestUploadResult = MultipartUploadTicket | PutUploadTicket | UploadRejected | UploadTicket;

export type SignUploadPartsResult = UploadPartUrls | UploadRejected;

export type UploadMethod =
  /** multipart/form-data POST of `UploadTicket.fields` and the file (browsers). */
  | 'POST'
  /** PUT of the raw bytes to `PutUploadTicket.url` with exactly `PutUploadTicket.headers`. */
  | 'PUT';

/** A presigned URL for one part: PUT exactly `byteSize` bytes to it with `headers`. */
export type UploadPartUrl = {
  __typename?: 'UploadPartUrl';
  byteSize: Scalars['SafeInt']['output'];
  expiresAt: Scalars['DateTime']['output'];
  headers: Array<HttpHeader>;
  partNumber: Scalars['Int']['output'];
  url: Scalars['String']['output'];
};

export type UploadPartUrls = {
  __typename?: 'UploadPartUrls';
  parts: Array<UploadPartUrl>;
  ticketId: Scalars['ID']['output'];
};

/** What an upload is for. Decides the accepted content types, the size limit and where the file is linked. */
export type UploadPurpose =
  /** The viewer's avatar: image/png, image/jpeg, image/webp or image/gif, up to 5 MiB. Replaces the previous avatar. */
  | 'AVATAR'
  /** An attachment of one of the viewer's posts: the avatar types plus application/pdf and text/plain, up to 50 MiB, at most 20 per post. */
  | 'POST_ATTACHMENT'
  /** A video attached to one of the viewer's posts: video/mp4, video/webm or video/quicktime, up to 5 TiB. Counts towards the post's 20 attachments. */
  | 'VIDEO';

/** An expected refusal, returned as data so clients can show it. */
export type UploadRejected = {
  __typename?: 'UploadRejected';
  /** A sentence for people; do not parse it, switch on `reason`. */
  message: Scalars['String']['output'];
  reason: UploadRejectionReason;
};

/** Why an upload was refused. Every reason is final for the request or ticket concerned, except NOT_UPLOADED (retry the confirm once the upload finished). */
export type UploadRejectionReason =
  /** The upload was aborted (abortUpload). */
  | 'ABORTED'
  /** The ticket is already settled (confirmed, or rejected for another reason): nothing more can be done with it. */
  | 'ALREADY_SETTLED'
  /** The post already has 20 attachments (uploads in progress count when requesting). */
  | 'ATTACHMENT_LIMIT_REACHED'
  /** The stored bytes do not have the declared checksum; the object was deleted. */
  | 'CHECKSUM_MISMATCH'
  /** The stored bytes are not what the content type says (e.g. HTML declared as image/png); the object was deleted. */
  | 'CONTENT_MISMATCH'
  /** The stored object does not have the declared content type; it was deleted. */
  | 'CONTENT_TYPE_MISMATCH'
  /** The content type is not accepted for this purpose. */
  | 'CONTENT_TYPE_NOT_ALLOWED'
  /** This upload would take the viewer past the bytes allowed per 24 hours (MAX_UPLOAD_BYTES_PER_USER_PER_DAY). */
  | 'DAILY_BYTES_EXCEEDED'
  /** The file is empty. */
  | 'EMPTY_FILE'
  /** The filename is empty, longer than 255 bytes, or contains control characters or path separators. */
  | 'INVALID_FILENAME'
  /** No such ticket for this viewer. */
  | 'NOT_FOUND'
  /** Nothing has been uploaded for this ticket yet; confirm again after the upload finished. */
  | 'NOT_UPLOADED'
  /** The viewer has as many uploads in progress as allowed (MAX_PENDING_UPLOADS_PER_USER); finish, abort or let some expire first. */
  | 'PENDING_LIMIT_REACHED'
  /** The stored object does not have the declared size; it was deleted. */
  | 'SIZE_MISMATCH'
  /** The post does not exist or is not the viewer's. */
  | 'TARGET_NOT_FOUND'
  /** The ticket expired before it was confirmed. */
  | 'TICKET_EXPIRED'
  /** The file is larger than this purpose allows. */
  | 'TOO_LARGE';

/** Where an upload stands. */
export type UploadState =
  /** Verified and linked: see `file`. */
  | 'CONFIRMED'
  /** The ticket expired before it was confirmed. */
  | 'EXPIRED'
  /** Nothing (complete) is in storage yet. Multipart uploads stay PENDING until confirmed: see `uploadedParts`. */
  | 'PENDING'
  /** Refused for good: see `rejection`. */
  | 'REJECTED'
  /** The store holds the bytes: call `confirmUpload`. */
  | 'UPLOADED';

/** An upload ticket's state, for a client that lost track of it (a reload, a crash). */
export type UploadStatus = {
  __typename?: 'UploadStatus';
  byteSize: Scalars['SafeInt']['output'];
  expiresAt: Scalars['DateTime']['output'];
  /** The file of a CONFIRMED ticket while it is linked; null once removed. */
  file?: Maybe<File>;
  filename: Scalars['String']['output'];
  /** The ticket's id. */
  id: Scalars['ID']['output'];
  purpose: UploadPurpose;
  /** Why a REJECTED ticket was refused. */
  rejection?: Maybe<UploadRejected>;
  state: UploadState;
};

export type UploadStatusResult = UploadRejected | UploadStatus;

/**
 * Permission to upload one file straight to storage: POST multipart/form-data to `url` with every
 * field of `fields`, in order, then the file as the last field (named `file`). Do not set a
 * Content-Type header yourself; the form library sets the multipart boundary. Then call
 * `confirmUpload` with the ticket's `id`.
 */
export type UploadTicket = {
  __typename?: 'UploadTicket';
  /** The only size the storage accepts for this upload. */
  byteSize: Scalars['SafeInt']['output'];
  /** After this instant the storage refuses the upload and the ticket can no longer be confirmed. */
  expiresAt: Scalars['DateTime']['output'];
  /** All form fields, in order, to send before the file field. */
  fields: Array<FormField>;
  id: Scalars['ID']['output'];
  /** The storage key the file will have. */
  key: Scalars['String']['output'];
  /** Where the client POSTs the form. */
  url: Scalars['String']['output'];
};

/** A part the store holds, as it reports it. */
export type UploadedPart = {
  __typename?: 'UploadedPart';
  byteSize: Scalars['SafeInt']['output'];
  etag: Scalars['String']['output'];
  partNumber: Scalars['Int']['output'];
};

export type UploadedParts = {
  __typename?: 'UploadedParts';
  parts: Array<UploadedPart>;
  ticketId: Scalars['ID']['output'];
};

export type UploadedPartsResult = UploadRejected | UploadedParts;

export type User = {
  __typename?: 'User';
  avatar?: Maybe<File>;
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  /** The user's posts, newest first. */
  posts: PostConnection;
};


export type UserPostsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};



export type ResolverTypeWrapper<T> = Promise<T> | T;


export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;



/** Mapping of union types */
export type ResolversUnionTypes<_RefType extends Record<string, unknown>> = {
  AbortUploadResult:
    | ( Aborted )
    | ( Rejection )
  ;
  ConfirmUploadResult:
    | ( Confirmed )
    | ( Rejection )
  ;
  DeletePostResult:
    | ( ChangeRejection )
    | ( DeletedPostRecord )
  ;
  RemoveAttachmentResult:
    | ( ChangeRejection )
    | ( RemovedAttachmentRecord )
  ;
  ReorderAttachmentsResult:
    | ( ChangeRejection )
    | ( ReorderedAttachmentsRecord )
  ;
  RequestUploadResult:
    | ( IssuedMultipartTicket )
    | ( IssuedPutTicket )
    | ( Rejection )
    | ( IssuedTicket )
  ;
  SignUploadPartsResult:
    | ( SignedParts )
    | ( Rejection )
  ;
  UploadStatusResult:
    | ( Rejection )
    | ( UploadStatusRecord )
  ;
  UploadedPartsResult:
    | ( Rejection )
    | ( StoredParts )
  ;
};


/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  AbortUploadResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['AbortUploadResult']>;
  AbortedUpload: ResolverTypeWrapper<Aborted>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  ChangeRejected: ResolverTypeWrapper<ChangeRejection>;
  ChangeRejectionReason: ChangeRejectionReason;
  ClearedAvatar: ResolverTypeWrapper<ClearedAvatarRecord>;
  ConfirmUploadInput: ConfirmUploadInput;
  ConfirmUploadResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['ConfirmUploadResult']>;
  ConfirmedUpload: ResolverTypeWrapper<Confirmed>;
  CreatePostInput: CreatePostInput;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  DeletePostInput: DeletePostInput;
  DeletePostResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['DeletePostResult']>;
  DeletedPost: ResolverTypeWrapper<DeletedPostRecord>;
  File: ResolverTypeWrapper<FileRecord>;
  FormField: ResolverTypeWrapper<FormField>;
  HttpHeader: ResolverTypeWrapper<HttpHeader>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  MultipartUploadTicket: ResolverTypeWrapper<IssuedMultipartTicket>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Post: ResolverTypeWrapper<PostRecord>;
  PostConnection: ResolverTypeWrapper<PostPage>;
  PostEdge: ResolverTypeWrapper<PostEdgeRecord>;
  PutUploadTicket: ResolverTypeWrapper<IssuedPutTicket>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  RemoveAttachmentInput: RemoveAttachmentInput;
  RemoveAttachmentResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['RemoveAttachmentResult']>;
  RemovedAttachment: ResolverTypeWrapper<RemovedAttachmentRecord>;
  ReorderAttachmentsInput: ReorderAttachmentsInput;
  ReorderAttachmentsResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['ReorderAttachmentsResult']>;
  ReorderedAttachments: ResolverTypeWrapper<ReorderedAttachmentsRecord>;
  RequestUploadInput: RequestUploadInput;
  RequestUploadResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['RequestUploadResult']>;
  SafeInt: ResolverTypeWrapper<Scalars['SafeInt']['output']>;
  SignUploadPartsResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['SignUploadPartsResult']>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  UploadMethod: UploadMethod;
  UploadPartUrl: ResolverTypeWrapper<UploadPartUrl>;
  UploadPartUrls: ResolverTypeWrapper<SignedParts>;
  UploadPurpose: UploadPurpose;
  UploadRejected: ResolverTypeWrapper<Rejection>;
  UploadRejectionReason: UploadRejectionReason;
  UploadState: UploadState;
  UploadStatus: ResolverTypeWrapper<UploadStatusRecord>;
  UploadStatusResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['UploadStatusResult']>;
  UploadTicket: ResolverTypeWrapper<IssuedTicket>;
  UploadedPart: ResolverTypeWrapper<UploadedPart>;
  UploadedParts: ResolverTypeWrapper<StoredParts>;
  UploadedPartsResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['UploadedPartsResult']>;
  User: ResolverTypeWrapper<UserRecord>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  AbortUploadResult: ResolversUnionTypes<ResolversParentTypes>['AbortUploadResult'];
  AbortedUpload: Aborted;
  Boolean: Scalars['Boolean']['output'];
  ChangeRejected: ChangeRejection;
  ClearedAvatar: ClearedAvatarRecord;
  ConfirmUploadInput: ConfirmUploadInput;
  ConfirmUploadResult: ResolversUnionTypes<ResolversParentTypes>['ConfirmUploadResult'];
  ConfirmedUpload: Confirmed;
  CreatePostInput: CreatePostInput;
  DateTime: Scalars['DateTime']['output'];
  DeletePostInput: DeletePostInput;
  DeletePostResult: ResolversUnionTypes<ResolversParentTypes>['DeletePostResult'];
  DeletedPost: DeletedPostRecord;
  File: FileRecord;
  FormField: FormField;
  HttpHeader: HttpHeader;
  ID: Scalars['ID']['output'];
  Int: Scalars['Int']['output'];
  MultipartUploadTicket: IssuedMultipartTicket;
  Mutation: Record<PropertyKey, never>;
  PageInfo: PageInfo;
  Post: PostRecord;
  PostConnection: PostPage;
  PostEdge: PostEdgeRecord;
  PutUploadTicket: IssuedPutTicket;
  Query: Record<PropertyKey, never>;
  RemoveAttachmentInput: RemoveAttachmentInput;
  RemoveAttachmentResult: ResolversUnionTypes<ResolversParentTypes>['RemoveAttachmentResult'];
  RemovedAttachment: RemovedAttachmentRecord;
  ReorderAttachmentsInput: ReorderAttachmentsInput;
  ReorderAttachmentsResult: ResolversUnionTypes<ResolversParentTypes>['ReorderAttachmentsResult'];
  ReorderedAttachments: ReorderedAttachmentsRecord;
  RequestUploadInput: RequestUploadInput;
  RequestUploadResult: ResolversUnionTypes<ResolversParentTypes>['RequestUploadResult'];
  SafeInt: Scalars['SafeInt']['output'];
  SignUploadPartsResult: ResolversUnionTypes<ResolversParentTypes>['SignUploadPartsResult'];
  String: Scalars['String']['output'];
  UploadPartUrl: UploadPartUrl;
  UploadPartUrls: SignedParts;
  UploadRejected: Rejection;
  UploadStatus: UploadStatusRecord;
  UploadStatusResult: ResolversUnionTypes<ResolversParentTypes>['UploadStatusResult'];
  UploadTicket: IssuedTicket;
  UploadedPart: UploadedPart;
  UploadedParts: StoredParts;
  UploadedPartsResult: ResolversUnionTypes<ResolversParentTypes>['UploadedPartsResult'];
  User: UserRecord;
};

export type AbortUploadResultResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['AbortUploadResult'] = ResolversParentTypes['AbortUploadResult']> = {
  __resolveType: TypeResolveFn<'AbortedUpload' | 'UploadRejected', ParentType, ContextType>;
};

export type AbortedUploadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['AbortedUpload'] = ResolversParentTypes['AbortedUpload']> = {
  ticketId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type ChangeRejectedResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ChangeRejected'] = ResolversParentTypes['ChangeRejected']> = {
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['ChangeRejectionReason'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type ClearedAvatarResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ClearedAvatar'] = ResolversParentTypes['ClearedAvatar']> = {
  removedFileId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  viewer?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
};

export type ConfirmUploadResultResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ConfirmUploadResult'] = ResolversParentTypes['ConfirmUploadResult']> = {
  __resolveType: TypeResolveFn<'ConfirmedUpload' | 'UploadRejected', ParentType, ContextType>;
};

export type ConfirmedUploadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ConfirmedUpload'] = ResolversParentTypes['ConfirmedUpload']> = {
  file?: Resolver<ResolversTypes['File'], ParentType, ContextType>;
  post?: Resolver<Maybe<ResolversTypes['Post']>, ParentType, ContextType>;
  viewer?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type DeletePostResultResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['DeletePostResult'] = ResolversParentTypes['DeletePostResult']> = {
  __resolveType: TypeResolveFn<'ChangeRejected' | 'DeletedPost', ParentType, ContextType>;
};

export type DeletedPostResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['DeletedPost'] = ResolversParentTypes['DeletedPost']> = {
  deletedPostId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  viewer?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type FileResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['File'] = ResolversParentTypes['File']> = {
  byteSize?: Resolver<ResolversTypes['SafeInt'], ParentType, ContextType>;
  checksumSha256?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  contentMd5?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  contentType?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  filename?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  owner?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
  url?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  urlExpiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
};

export type FormFieldResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['FormField'] = ResolversParentTypes['FormField']> = {
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type HttpHeaderResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['HttpHeader'] = ResolversParentTypes['HttpHeader']> = {
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type MultipartUploadTicketResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['MultipartUploadTicket'] = ResolversParentTypes['MultipartUploadTicket']> = {
  byteSize?: Resolver<ResolversTypes['SafeInt'], ParentType, ContextType>;
  expiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  partCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  partSize?: Resolver<ResolversTypes['SafeInt'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type MutationResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  abortUpload?: Resolver<ResolversTypes['AbortUploadResult'], ParentType, ContextType, RequireFields<MutationAbortUploadArgs, 'ticketId'>>;
  clearAvatar?: Resolver<ResolversTypes['ClearedAvatar'], ParentType, ContextType>;
  confirmUpload?: Resolver<ResolversTypes['ConfirmUploadResult'], ParentType, ContextType, RequireFields<MutationConfirmUploadArgs, 'input'>>;
  createPost?: Resolver<ResolversTypes['Post'], ParentType, ContextType, RequireFields<MutationCreatePostArgs, 'input'>>;
  deletePost?: Resolver<ResolversTypes['DeletePostResult'], ParentType, ContextType, RequireFields<MutationDeletePostArgs, 'input'>>;
  removeAttachment?: Resolver<ResolversTypes['RemoveAttachmentResult'], ParentType, ContextType, RequireFields<MutationRemoveAttachmentArgs, 'input'>>;
  reorderAttachments?: Resolver<ResolversTypes['ReorderAttachmentsResult'], ParentType, ContextType, RequireFields<MutationReorderAttachmentsArgs, 'input'>>;
  requestUpload?: Resolver<ResolversTypes['RequestUploadResult'], ParentType, ContextType, RequireFields<MutationRequestUploadArgs, 'input'>>;
  signUploadParts?: Resolver<ResolversTypes['SignUploadPartsResult'], ParentType, ContextType, RequireFields<MutationSignUploadPartsArgs, 'partNumbers' | 'ticketId'>>;
};

export type PageInfoResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type PostResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Post'] = ResolversParentTypes['Post']> = {
  attachments?: Resolver<Array<ResolversTypes['File']>, ParentType, ContextType>;
  author?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type PostConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PostConnection'] = ResolversParentTypes['PostConnection']> = {
  edges?: Resolver<Array<ResolversTypes['PostEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type PostEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PostEdge'] = ResolversParentTypes['PostEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Post'], ParentType, ContextType>;
};

export type PutUploadTicketResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PutUploadTicket'] = ResolversParentTypes['PutUploadTicket']> = {
  byteSize?: Resolver<ResolversTypes['SafeInt'], ParentType, ContextType>;
  expiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  headers?: Resolver<Array<ResolversTypes['HttpHeader']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  url?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type QueryResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  post?: Resolver<Maybe<ResolversTypes['Post']>, ParentType, ContextType, RequireFields<QueryPostArgs, 'id'>>;
  posts?: Resolver<ResolversTypes['PostConnection'], ParentType, ContextType, Partial<QueryPostsArgs>>;
  uploadStatus?: Resolver<ResolversTypes['UploadStatusResult'], ParentType, ContextType, RequireFields<QueryUploadStatusArgs, 'ticketId'>>;
  uploadedParts?: Resolver<ResolversTypes['UploadedPartsResult'], ParentType, ContextType, RequireFields<QueryUploadedPartsArgs, 'ticketId'>>;
  viewer?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType>;
};

export type RemoveAttachmentResultResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['RemoveAttachmentResult'] = ResolversParentTypes['RemoveAttachmentResult']> = {
  __resolveType: TypeResolveFn<'ChangeRejected' | 'RemovedAttachment', ParentType, ContextType>;
};

export type RemovedAttachmentResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['RemovedAttachment'] = ResolversParentTypes['RemovedAttachment']> = {
  post?: Resolver<ResolversTypes['Post'], ParentType, ContextType>;
  removedFileId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type ReorderAttachmentsResultResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ReorderAttachmentsResult'] = ResolversParentTypes['ReorderAttachmentsResult']> = {
  __resolveType: TypeResolveFn<'ChangeRejected' | 'ReorderedAttachments', ParentType, ContextType>;
};

export type ReorderedAttachmentsResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ReorderedAttachments'] = ResolversParentTypes['ReorderedAttachments']> = {
  post?: Resolver<ResolversTypes['Post'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type RequestUploadResultResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['RequestUploadResult'] = ResolversParentTypes['RequestUploadResult']> = {
  __resolveType: TypeResolveFn<'MultipartUploadTicket' | 'PutUploadTicket' | 'UploadRejected' | 'UploadTicket', ParentType, ContextType>;
};

export interface SafeIntScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['SafeInt'], any> {
  name: 'SafeInt';
}

export type SignUploadPartsResultResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['SignUploadPartsResult'] = ResolversParentTypes['SignUploadPartsResult']> = {
  __resolveType: TypeResolveFn<'UploadPartUrls' | 'UploadRejected', ParentType, ContextType>;
};

export type UploadPartUrlResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['UploadPartUrl'] = ResolversParentTypes['UploadPartUrl']> = {
  byteSize?: Resolver<ResolversTypes['SafeInt'], ParentType, ContextType>;
  expiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  headers?: Resolver<Array<ResolversTypes['HttpHeader']>, ParentType, ContextType>;
  partNumber?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  url?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type UploadPartUrlsResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['UploadPartUrls'] = ResolversParentTypes['UploadPartUrls']> = {
  parts?: Resolver<Array<ResolversTypes['UploadPartUrl']>, ParentType, ContextType>;
  ticketId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type UploadRejectedResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['UploadRejected'] = ResolversParentTypes['UploadRejected']> = {
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['UploadRejectionReason'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type UploadStatusResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['UploadStatus'] = ResolversParentTypes['UploadStatus']> = {
  byteSize?: Resolver<ResolversTypes['SafeInt'], ParentType, ContextType>;
  expiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  file?: Resolver<Maybe<ResolversTypes['File']>, ParentType, ContextType>;
  filename?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  purpose?: Resolver<ResolversTypes['UploadPurpose'], ParentType, ContextType>;
  rejection?: Resolver<Maybe<ResolversTypes['UploadRejected']>, ParentType, ContextType>;
  state?: Resolver<ResolversTypes['UploadState'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type UploadStatusResultResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['UploadStatusResult'] = ResolversParentTypes['UploadStatusResult']> = {
  __resolveType: TypeResolveFn<'UploadRejected' | 'UploadStatus', ParentType, ContextType>;
};

export type UploadTicketResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['UploadTicket'] = ResolversParentTypes['UploadTicket']> = {
  byteSize?: Resolver<ResolversTypes['SafeInt'], ParentType, ContextType>;
  expiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  fields?: Resolver<Array<ResolversTypes['FormField']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  url?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type UploadedPartResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['UploadedPart'] = ResolversParentTypes['UploadedPart']> = {
  byteSize?: Resolver<ResolversTypes['SafeInt'], ParentType, ContextType>;
  etag?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  partNumber?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type UploadedPartsResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['UploadedParts'] = ResolversParentTypes['UploadedParts']> = {
  parts?: Resolver<Array<ResolversTypes['UploadedPart']>, ParentType, ContextType>;
  ticketId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type UploadedPartsResultResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['UploadedPartsResult'] = ResolversParentTypes['UploadedPartsResult']> = {
  __resolveType: TypeResolveFn<'UploadRejected' | 'UploadedParts', ParentType, ContextType>;
};

export type UserResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['User'] = ResolversParentTypes['User']> = {
  avatar?: Resolver<Maybe<ResolversTypes['File']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  posts?: Resolver<ResolversTypes['PostConnection'], ParentType, ContextType, Partial<UserPostsArgs>>;
};

export type Resolvers<ContextType = GraphQLContext> = {
  AbortUploadResult?: AbortUploadResultResolvers<ContextType>;
  AbortedUpload?: AbortedUploadResolvers<ContextType>;
  ChangeRejected?: ChangeRejectedResolvers<ContextType>;
  ClearedAvatar?: ClearedAvatarResolvers<ContextType>;
  ConfirmUploadResult?: ConfirmUploadResultResolvers<ContextType>;
  ConfirmedUpload?: ConfirmedUploadResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  DeletePostResult?: DeletePostResultResolvers<ContextType>;
  DeletedPost?: DeletedPostResolvers<ContextType>;
  File?: FileResolvers<ContextType>;
  FormField?: FormFieldResolvers<ContextType>;
  HttpHeader?: HttpHeaderResolvers<ContextType>;
  MultipartUploadTicket?: MultipartUploadTicketResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Post?: PostResolvers<ContextType>;
  PostConnection?: PostConnectionResolvers<ContextType>;
  PostEdge?: PostEdgeResolvers<ContextType>;
  PutUploadTicket?: PutUploadTicketResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  RemoveAttachmentResult?: RemoveAttachmentResultResolvers<ContextType>;
  RemovedAttachment?: RemovedAttachmentResolvers<ContextType>;
  ReorderAttachmentsResult?: ReorderAttachmentsResultResolvers<ContextType>;
  ReorderedAttachments?: ReorderedAttachmentsResolvers<ContextType>;
  RequestUploadResult?: RequestUploadResultResolvers<ContextType>;
  SafeInt?: GraphQLScalarType;
  SignUploadPartsResult?: SignUploadPartsResultResolvers<ContextType>;
  UploadPartUrl?: UploadPartUrlResolvers<ContextType>;
  UploadPartUrls?: UploadPartUrlsResolvers<ContextType>;
  UploadRejected?: UploadRejectedResolvers<ContextType>;
  UploadStatus?: UploadStatusResolvers<ContextType>;
  UploadStatusResult?: UploadStatusResultResolvers<ContextType>;
  UploadTicket?: UploadTicketResolvers<ContextType>;
  UploadedPart?: UploadedPartResolvers<ContextType>;
  UploadedParts?: UploadedPartsResolvers<ContextType>;
  UploadedPartsResult?: UploadedPartsResultResolvers<ContextType>;
  User?: UserResolvers<ContextType>;
};

