// The peer: how a GraphQL upload service is commonly built, after CedarJS's uploads (its GraphQL
// server is graphql-yoga): yoga on node:http, the bearer token verified per request (jose, HS256,
// the bench's secret), a presigned PUT (@aws-sdk/s3-request-presigner) and the ticket row written
// through Prisma. No quotas, no rate limits, no request log: less than the API does, the fairest
// anchor it can be compared with.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { createSchema, createYoga } from 'graphql-yoga';
import { jwtVerify } from 'jose';
import { createDatabase } from '../../../src/db/prisma.ts';
import { profileHandlers } from '../harness/cpu-profile.ts';
import { s3ClientFromEnv } from '../harness/s3-clients.ts';
import { close, listen, serveBenchProcess } from '../harness/processes.ts';

const bucket = process.env['S3_BUCKET']!;
const client = s3ClientFromEnv(process.env);
const jwtSecret = process.env['JWT_SECRET'];
if (!jwtSecret) throw new Error('the peer verifies the bench tokens: set JWT_SECRET');
const secret = new TextEncoder().encode(jwtSecret);
const db = createDatabase({ url: process.env['DATABASE_URL']! });
// Subjects → user ids, looked up once each (the API caches the same way).
const users = new Map<string, string>();

interface Input {
  filename: string;
  contentType: string;
  byteSize: number;
}

async function userIdOf(authorization: string | null): Promise<string> {
  const token = authorization?.replace(/^Bearer /, '') ?? '';
  const { payload } = await jwtVerify(token, secret, { algorithms: ['HS256'], requiredClaims: ['sub', 'exp'] });
  const subject = payload.sub!;
  let id = users.get(subject);
  if (!id) {
    id = (await db.user.findUniqueOrThrow({ where: { subject }, select: { id: true } })).id;
    users.set(subject, id);
  }
  return id;
}

const yoga = createYoga<{ request: Request }>({
  graphqlEndpoint: '/graphql',
  landingPage: false,
  graphiql: false,
  logging: false,
  schema: createSchema({
    typeDefs: /* GraphQL */ `
      type Query {
        ok: Boolean
      }
      input UploadInput {
        filename: String!
        contentType: String!
        byteSize: Int!
      }
      type Upload {
        id: ID!
        url: String!
        key: String!
      }
      type Mutation {
        requestUpload(input: UploadInput!): Upload!
      }
    `,
    resolvers: {
      Mutation: {
        async requestUpload(_root: unknown, { input }: { input: Input }, { request }: { request: Request }) {
          const ownerId = await userIdOf(request.headers.get('authorization'));
          const id = randomUUID();
          const key = `uploads/${ownerId}/${id}`;
          const url = await getSignedUrl(
            client,
            new PutObjectCommand({
              Bucket: bucket,
              Key: key,
              ContentType: input.contentType,
              ContentLength: input.byteSize,
            }),
            { expiresIn: 300 },
          );
          await db.uploadTicket.create({
            data: {
              id,
              ownerId,
              purpose: 'AVATAR',
              key,
              filename: input.filename,
              contentType: input.contentType,
              byteSize: BigInt(input.byteSize),
              method: 'PUT',
              expiresAt: new Date(Date.now() + 300_000),
            },
            select: { id: true },
          });
          return { id, url, key };
        },
      },
    },
  }),
});

// yoga answers node:http requests itself; its promise settles once the response is sent.
const server = createServer((request, response) => void yoga(request, response));
server.keepAliveTimeout = 30_000;
serveBenchProcess({ url: `${await listen(server)}/graphql` }, profileHandlers(), async () => {
  await close(server);
  await db.$disconnect();
});
