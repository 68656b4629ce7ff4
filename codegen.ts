import type { CodegenConfig } from '@graphql-codegen/cli';

// Generated from schema.graphql by `npm run codegen`; CI runs it with --check.
// - src/generated/graphql.ts: resolver types. Mappers point GraphQL types at the records services
//   return, so resolvers are typed end to end.
// - src/generated/client/: typed documents for src/client/fragments.graphql and operations.graphql
//   (client preset), shared by the browser/Node client and its adapters, and graphcache's schema.
const config: CodegenConfig = {
  schema: 'schema.graphql',
  generates: {
    'src/generated/graphql.ts': {
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        strictScalars: true,
        scalars: {
          DateTime: { input: 'Date', output: 'Date' },
          SafeInt: { input: 'number', output: 'number' },
        },
        contextType: '../graphql/context.ts#GraphQLContext',
        mappers: {
          File: '../uploads/upload-model.ts#FileRecord',
          UploadTicket: '../uploads/upload-model.ts#IssuedTicket',
          PutUploadTicket: '../uploads/upload-model.ts#IssuedPutTicket',
          MultipartUploadTicket: '../uploads/upload-model.ts#IssuedMultipartTicket',
          UploadPartUrls: '../uploads/upload-model.ts#SignedParts',
          UploadedParts: '../uploads/upload-model.ts#StoredParts',
          AbortedUpload: '../uploads/upload-model.ts#Aborted',
          UploadRejected: '../uploads/upload-model.ts#Rejection',
          ConfirmedUpload: '../uploads/upload-model.ts#Confirmed',
          UploadStatus: '../uploads/upload-model.ts#UploadStatusRecord',
          ChangeRejected: '../file-links/link-model.ts#ChangeRejection',
          RemovedAttachment: '../file-links/link-model.ts#RemovedAttachmentRecord',
          ReorderedAttachments: '../file-links/link-model.ts#ReorderedAttachmentsRecord',
          ClearedAvatar: '../file-links/link-model.ts#ClearedAvatarRecord',
          DeletedPost: '../file-links/link-model.ts#DeletedPostRecord',
          User: '../users/user-model.ts#UserRecord',
          Post: '../posts/post-model.ts#PostRecord',
          PostConnection: '../posts/post-model.ts#PostPage',
          PostEdge: '../posts/post-model.ts#PostEdgeRecord',
        },
      },
    },
    // graphcache's schema (`cacheExchange({ schema })`): unions and nullability known exactly, so
    // it matches fragments without guessing. Minified: only what graphcache reads.
    'src/generated/client/graphcache-schema.ts': {
      plugins: ['urql-introspection'],
      config: { module: 'es2015', useTypeImports: true },
    },
    'src/generated/client/': {
      preset: 'client',
      documents: ['src/client/fragments.graphql', 'src/client/operations.graphql'],
      // Plain result types (no fragment masking): the client hands files straight to callers.
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        strictScalars: true,
        // The wire format: JSON has no dates; SafeInt fits a JavaScript number exactly.
        scalars: { DateTime: 'string', SafeInt: 'number' },
        // Imports between generated files carry `.ts`, like every other import in src/.
        importExtension: '.ts',
      },
    },
  },
};

export default config;
