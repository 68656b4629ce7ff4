// The floor under requestUpload: Apollo Server 5 behind the app's own HTTP handler (body limit,
// request log line), answering a mutation that presigns as the API does (the same policy and fields
// as the bare endpoint's createPresignedPost, signed the API's cheaper way), with no token and no
// database. Between the bare endpoint and the API, it splits the API's cost into
// "being a GraphQL server" and "authenticating and recording the ticket".
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import type { GraphQLContext } from '../../../src/graphql/context.ts';
import { createRateLimits } from '../../../src/rate-limits/rate-limits.ts';
import { createRequestHandler } from '../../../src/http/request-handler.ts';
import { createLogger } from '../../../src/shared/logger.ts';
import { createPostSigner } from '../../../src/storage/s3-post-signer.ts';
import { profileHandlers } from '../harness/cpu-profile.ts';
import { s3ClientFromEnv } from '../harness/s3-clients.ts';
import { close, listen, serveBenchProcess } from '../harness/processes.ts';

const typeDefs = /* GraphQL */ `
  type Query {
    ok: Boolean
  }
  input PresignInput {
    filename: String!
    contentType: String!
    byteSize: Int!
  }
  type Field {
    name: String!
    value: String!
  }
  type Ticket {
    url: String!
    fields: [Field!]!
  }
  type Mutation {
    presign(input: PresignInput!): Ticket!
  }
`;

const bucket = process.env['S3_BUCKET']!;
const client = s3ClientFromEnv(process.env);

interface PresignArgs {
  input: { filename: string; contentType: string; byteSize: number };
}

// The API's own POST signer: the floor is what a GraphQL server that presigns as the API does costs.
const presignPost = createPostSigner(client, bucket);

// The app's handler is typed for the app's context; this schema's resolvers use none of it.
const apollo = new ApolloServer<GraphQLContext>({
  typeDefs,
  resolvers: {
    Mutation: {
      presign: (_root: unknown, { input }: PresignArgs) =>
        presignPost({
          key: `uploads/${randomUUID()}`,
          contentType: input.contentType,
          byteSize: input.byteSize,
          expiresInSeconds: 300,
        }),
    },
  },
  plugins: [ApolloServerPluginCacheControlDisabled(), ApolloServerPluginLandingPageDisabled()],
});
await apollo.start();

const logger = createLogger('info');
const server = createServer(
  createRequestHandler({
    apollo,
    contextFor: () => ({}) as GraphQLContext,
    probes: { check: () => Promise.resolve({ database: 'ok', storage: 'ok' }), draining: () => false },
    cors: { origins: [], allowedHeaders: [], maxAgeSeconds: 0 },
    maxBodyBytes: 64 * 1024,
    // No limits: the floor is GraphQL alone.
    rateLimits: createRateLimits({
      windowSeconds: 60,
      requestsPerAddress: 0,
      requestsPerUser: 0,
      ticketsPerAddress: 0,
      ticketsPerUser: 0,
    }),
    trustedProxies: 0,
    logger,
  }),
);
server.keepAliveTimeout = 30_000;
serveBenchProcess({ url: `${await listen(server)}/graphql` }, profileHandlers(), async () => {
  await close(server);
  await apollo.stop();
});
