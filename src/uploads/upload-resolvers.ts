import type {
  AbortUploadResultResolvers,
  ConfirmedUploadResolvers,
  ConfirmUploadResultResolvers,
  FileResolvers,
  MutationResolvers,
  QueryResolvers,
  RequestUploadResultResolvers,
  SignUploadPartsResultResolvers,
  UploadedPartsResultResolvers,
  UploadStatusResultResolvers,
} from '../generated/graphql.ts';
import type { Loaders } from '../graphql/context.ts';
import type { Confirmed, ResultKind } from './upload-model.ts';

export const uploadMutationResolvers: MutationResolvers = {
  async requestUpload(_root, { input }, { viewer, services, clientAddress }) {
    return services.uploads.requestUpload(await viewer.require(), input, clientAddress);
  },
  async confirmUpload(_root, { input }, { viewer, services, loaders }) {
    const result = await services.uploads.confirmUpload(await viewer.require(), input.ticketId);
    if (result.kind === 'confirmed') forgetParent(loaders, result);
    return result;
  },
  async signUploadParts(_root, { ticketId, partNumbers }, { viewer, services }) {
    return services.uploads.signUploadParts(await viewer.require(), ticketId, partNumbers);
  },
  async abortUpload(_root, { ticketId }, { viewer, services }) {
    return services.uploads.abortUpload(await viewer.require(), ticketId);
  },
};

/**
 * The confirm changed the parent's link: what this request's loaders read of it before (in an
 * earlier field of the same operation) must not answer `ConfirmedUpload.viewer`/`post` below.
 */
function forgetParent(loaders: Loaders, confirmed: Confirmed): void {
  loaders.userById.clear(confirmed.file.ownerId);
  if (confirmed.postId) loaders.attachmentsByPostId.clear(confirmed.postId);
}

export const uploadQueryResolvers: QueryResolvers = {
  async uploadedParts(_root, { ticketId }, { viewer, services }) {
    return services.uploads.uploadedParts(await viewer.require(), ticketId);
  },
  async uploadStatus(_root, { ticketId }, { viewer, services }) {
    return services.uploads.uploadStatus(await viewer.require(), ticketId);
  },
};

/**
 * Union members are told apart by the records' `kind`; `satisfies` makes this exhaustive: a new
 * kind of record does not compile until it has its GraphQL type here.
 */
const byKind = {
  rejected: 'UploadRejected',
  ticket: 'UploadTicket',
  'put-ticket': 'PutUploadTicket',
  'multipart-ticket': 'MultipartUploadTicket',
  confirmed: 'ConfirmedUpload',
  'signed-parts': 'UploadPartUrls',
  'stored-parts': 'UploadedParts',
  aborted: 'AbortedUpload',
  'upload-status': 'UploadStatus',
} as const satisfies Record<ResultKind, string>;

export const SignUploadPartsResult: SignUploadPartsResultResolvers = {
  __resolveType: (result) => byKind[result.kind],
};
export const UploadedPartsResult: UploadedPartsResultResolvers = {
  __resolveType: (result) => byKind[result.kind],
};
export const AbortUploadResult: AbortUploadResultResolvers = {
  __resolveType: (result) => byKind[result.kind],
};

export const RequestUploadResult: RequestUploadResultResolvers = {
  __resolveType: (result) => byKind[result.kind],
};
export const ConfirmUploadResult: ConfirmUploadResultResolvers = {
  __resolveType: (result) => byKind[result.kind],
};
export const UploadStatusResult: UploadStatusResultResolvers = {
  __resolveType: (result) => byKind[result.kind],
};

export const File: FileResolvers = {
  url: (file, _args, { services, now }) => services.uploads.downloadUrl(file, now),
  urlExpiresAt: (_file, _args, { services, now }) => services.uploads.downloadUrlExpiresAt(now),
  async owner(file, _args, { loaders }) {
    const owner = await loaders.userById.load(file.ownerId);
    if (!owner) throw new Error(`File ${file.id} has no owner`);
    return owner;
  },
};

/** The parent the file was linked to, read after the confirm, so caches can apply the change. */
export const ConfirmedUpload: ConfirmedUploadResolvers = {
  async viewer(confirmed, _args, { loaders }) {
    // Only the owner can confirm a ticket: the file's owner is the viewer.
    const owner = await loaders.userById.load(confirmed.file.ownerId);
    if (!owner) throw new Error(`File ${confirmed.file.id} has no owner`);
    return owner;
  },
  post: (confirmed, _args, { loaders }) => (confirmed.postId ? loaders.postById.load(confirmed.postId) : null),
};
