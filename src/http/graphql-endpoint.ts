import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { GraphQLContext, RequestIdentity } from '../graphql/context.ts';
import type { OperationRecord } from '../observability/operation-record.ts';
import type { RateLimits } from '../rate-limits/rate-limits.ts';
import { clientAddress } from './client-address.ts';
import { readJsonBody } from './read-body.ts';

export interface GraphQLEndpointDeps {
  apollo: ApolloServer<GraphQLContext>;
  contextFor(request: RequestIdentity): GraphQLContext;
  maxBodyBytes: number;
  rateLimits: RateLimits;
  /** Proxies in front that append to X-Forwarded-For (see client-address.ts). */
  trustedProxies: number;
}

/** `/graphql`, GET and POST, through Apollo: rate limit, body, then the operation. */
export async function serveGraphQL(
  deps: GraphQLEndpointDeps,
  req: IncomingMessage,
  res: ServerResponse,
  request: { search: string; record: OperationRecord },
): Promise<void> {
  const address = clientAddress(req, deps.trustedProxies);
  // Before the body is read: a refused client costs a counter increment, nothing more.
  await deps.rateLimits.request(address);
  const body = req.method === 'POST' ? await readJsonBody(req, deps.maxBodyBytes) : undefined;
  const headers = new HeaderMap();
  // Node's header names are lower case already, as HeaderMap keeps them.
  const incoming = req.headers;
  for (const name in incoming) {
    const value = incoming[name];
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const identity = {
    authorization: req.headers.authorization,
    clientAddress: address,
    operationRecord: request.record,
  };
  const response = await deps.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: req.method?.toUpperCase() ?? 'GET', headers, search: request.search, body },
    context: () => Promise.resolve(deps.contextFor(identity)),
  });
  // GraphQL answers are per viewer and never cached (the schema has no cache hints).
  res.setHeader('cache-control', 'no-store');
  for (const [name, value] of response.headers) res.setHeader(name, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}
