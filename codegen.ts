import type { CodegenConfig } from '@graphql-codegen/cli';

// Resolver types generated from schema.graphql. Run `npm run codegen`; CI runs it with --check.
// Mappers point GraphQL types at the records services return, so resolvers are typed end to end.
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
          User: '../users/user-model.ts#UserRecord',
          Post: '../posts/post-model.ts#PostRecord',
          PostConnection: '../posts/post-model.ts#PostPage',
          PostEdge: '../posts/post-model.ts#PostEdgeRecord',
        },
      },
    },
  },
};

export default config;
