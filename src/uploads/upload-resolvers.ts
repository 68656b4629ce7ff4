import type {
  ConfirmUploadResultResolvers,
  FileResolvers,
  MutationResolvers,
  RequestUploadResultResolvers,
} from '../generated/graphql.ts';

export const uploadMutationResolvers: MutationResolvers = {
  async requestUpload(_root, { input }, { viewer, services }) {
    return services.uploads.requestUpload(await viewer.require(), input);
  },
  async confirmUpload(_root, { input }, { viewer, services }) {
    return services.uploads.confirmUpload(await viewer.require(), input.ticketId);
  },
};

export const RequestUploadResult: RequestUploadResultResolvers = {
  __resolveType(result) {
    switch (result.kind) {
      case 'ticket':
        return 'UploadTicket';
      case 'put-ticket':
        return 'PutUploadTicket';
      case 'rejected':
        return 'UploadRejected';
      default: {
        const unknown: never = result;
        throw new Error(`Unknown result ${JSON.stringify(unknown)}`);
      }
    }
  },
};

export const ConfirmUploadResult: ConfirmUploadResultResolvers = {
  __resolveType(result) {
    switch (result.kind) {
      case 'confirmed':
        return 'ConfirmedUpload';
      case 'rejected':
        return 'UploadRejected';
      default: {
        const unknown: never = result;
        throw new Error(`Unknown result ${JSON.stringify(unknown)}`);
      }
    }
  },
};

export const File: FileResolvers = {
  url: (file, _args, { services }) => services.uploads.downloadUrl(file),
  async owner(file, _args, { loaders }) {
    const owner = await loaders.userById.load(file.ownerId);
    if (!owner) throw new Error(`File ${file.id} has no owner`);
    return owner;
  },
};
