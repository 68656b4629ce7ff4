// The posts-page benchmark's settings and sample shape, its page query, and the check that a
// server answered a page in full.
import { print } from 'graphql';
import { BenchPostsPageDocument, type BenchPostsPageQuery } from '../../generated/graphql.ts';
import { graphqlClient } from '../../support/graphql-client.ts';
import type { GraphQLResponse } from '../../support/test-api.ts';
import type { LoadResult } from '../harness/load.ts';
import type { PinnedProcess } from '../harness/processes.ts';
import type { PostsSeed } from './seed.ts';

export const IMPLEMENTATIONS = ['loaders', 'naive'] as const;
export type Implementation = (typeof IMPLEMENTATIONS)[number];
export const PAGE_SIZES = [10, 50, 100] as const;
export const SEED: PostsSeed = { authors: 30, posts: 150, attachmentsPerPost: 2 };
/**
 * Few connections: a page of 100 takes ~0.1 s of CPU, and requests still in flight when a run stops
 * count in the server CPU but not in the pages, so more connections skew CPU per page upwards.
 */
export const CONNECTIONS = 4;
export const MAX_STATEMENTS = 5;
/** Download URLs the API signs, on its own core, to measure what one costs. */
export const SIGNATURES = 2000;

export type Server = PinnedProcess<{ graphqlUrl: string }>;
export type Variant = `${Implementation} ${(typeof PAGE_SIZES)[number]}`;
export interface Sample extends LoadResult {
  statements: number;
}

/** The page the benchmark asks for (operations.graphql: BenchPostsPage), as sent. */
export const PAGE_QUERY = print(BenchPostsPageDocument);

export async function fetchPage(graphqlUrl: string, first: number): Promise<GraphQLResponse<BenchPostsPageQuery>> {
  return graphqlClient(graphqlUrl).graphql(BenchPostsPageDocument, { first });
}

/**
 * Throws unless the page has `first` posts, each with its author's avatar URL and all its
 * attachments' URLs. Returns the page with URLs cut at their signature (which differs per
 * signing), so two servers' answers can be compared.
 */
export function checkedPage(
  response: Awaited<ReturnType<typeof fetchPage>>,
  first: number,
  attachmentsPerPost: number,
): string {
  const edges = response.data?.posts.edges;
  if (response.status !== 200 || response.errors || edges?.length !== first) {
    throw new Error(`a page of ${first} failed: ${JSON.stringify(response).slice(0, 500)}`);
  }
  for (const { node } of edges) {
    const urls = [node.author.avatar?.url, ...node.attachments.map((file) => file.url)];
    if (node.attachments.length !== attachmentsPerPost || urls.some((url) => !url?.includes('X-Amz-Signature='))) {
      throw new Error(`post ${node.id} came back incomplete: ${JSON.stringify(node)}`);
    }
  }
  return JSON.stringify(response.data).replace(/\?[^"]*/g, '');
}
