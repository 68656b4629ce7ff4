import type { CodegenConfig } from '@graphql-codegen/cli';

// An app's codegen.ts: typed documents for its own queries, against the API's schema as the
// package carries it, with the package's fragments available to spread (`...UploadedFile`).
const config: CodegenConfig = {
  schema: 'node_modules/graphql-upload-tickets/schema.graphql',
  documents: ['src/**/*.{ts,tsx}', 'node_modules/graphql-upload-tickets/fragments.graphql'],
  ignoreNoDocuments: true,
  generates: {
    'src/gql/': {
      preset: 'client',
      config: {
        // Without these, SafeInt and DateTime are typed `unknown`: JSON carries dates as ISO strings,
        // and SafeInt is a plain number (exact up to 2^53, file sizes beyond 2 GiB fit).
        scalars: { SafeInt: 'number', DateTime: 'string' },
        strictScalars: true,
        enumsAsTypes: true,
        useTypeImports: true,
      },
    },
  },
};

export default config;
