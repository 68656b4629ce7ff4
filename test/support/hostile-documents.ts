import { readFileSync } from 'node:fs';
import { buildSchema, parse } from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import { estimateFieldCost } from '../../src/graphql/query-cost.ts';
import { SCHEMA_FILE } from '../../src/server.ts';
import { CreatePostDocument } from '../../src/generated/client/graphql.ts';
import { pngBytes, textBytes } from './sample-files.ts';
import type { TestApi } from './test-api.ts';
import { confirm, issueTicket, postToStorage } from './upload-client.ts';

/**
 * A chain of `depth` fragments, each spreading the next twice: 1.7 KB at 40 fragments, 2^40
 * fields once expanded. With `aliases`, every fragment also aliases a field.
 */
export function fragmentDoubling(depth: number, aliases = false): string {
  let document = 'query Doubling { viewer { ...F0 } }\n';
  for (let i = 0; i < depth; i++) {
    const next = i === depth - 1 ? 'id' : `...F${i + 1} ...F${i + 1}`;
    document += `fragment F${i} on User { ${aliases ? `a${i}: ` : ''}name ${next} }\n`;
  }
  return document;
}

/** 100 posts × their authors' 100 posts × their attachments: 10,000 download URLs and more. */
export const TEN_THOUSAND_URLS =
  '{ posts(first: 100) { edges { node { author { posts(first: 100) { edges { node { attachments { url } } } } } } } } }';

/** 10 aliased pages of 100 posts, each post's attachments 10 times through a fragment: 90,000 URLs. */
export const NINETY_THOUSAND_URLS = `{ ${Array.from({ length: 10 }, (_, i) => `p${i}: posts(first: 100) { edges { node { ...A } } }`).join(' ')} }
fragment A on Post { ${Array.from({ length: 10 }, (_, i) => `u${i}: attachments { url }`).join(' ')} }`;

const schema = buildSchema(readFileSync(SCHEMA_FILE, 'utf8'));

/** The server's cost estimate of a document, computed here with the same estimator. */
export function estimatedCost(query: string, variables: Record<string, unknown> = {}): number {
  return getComplexity({ schema, query: parse(query), variables, estimators: [estimateFieldCost] });
}

/** Three authors with avatars, four posts each, two text attachments per post: real uploads. */
export async function seedPostsWithFiles(api: TestApi): Promise<void> {
  for (const name of ['ann', 'ben', 'cat']) {
    const token = await api.token(name);
    const png = pngBytes(100);
    const avatar = await issueTicket(api, token, {
      purpose: 'AVATAR',
      filename: 'a.png',
      contentType: 'image/png',
      byteSize: png.length,
    });
    await postToStorage(avatar, png);
    await confirm(api, token, avatar.id);
    for (let i = 0; i < 4; i++) {
      const post = await api.graphql(CreatePostDocument, { title: `${name} ${i}` }, token);
      for (let j = 0; j < 2; j++) {
        const bytes = textBytes(`${name} ${i} ${j}`);
        const ticket = await issueTicket(api, token, {
          purpose: 'POST_ATTACHMENT',
          postId: post.data!.createPost.id,
          filename: `${j}.txt`,
          contentType: 'text/plain',
          byteSize: bytes.length,
        });
        await postToStorage(ticket, bytes);
        await confirm(api, token, ticket.id);
      }
    }
  }
}

/** How many presigned URLs an answer carries (every `url` field is one signature). */
export function countUrls(value: unknown): number {
  if (Array.isArray(value)) return value.reduce<number>((sum, item) => sum + countUrls(item), 0);
  if (value === null || typeof value !== 'object') return 0;
  return Object.values(value).reduce<number>(
    (sum, item) =>
      sum + (typeof item === 'string' && /^https?:\/\/.*X-Amz-Signature=/.test(item) ? 1 : countUrls(item)),
    0,
  );
}
