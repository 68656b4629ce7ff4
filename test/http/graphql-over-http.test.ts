import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { serverAudits, type AuditResult } from 'graphql-http';
import { PROJECT_DIR, startTestApi, type TestApi } from '../support/test-api.ts';

// The GraphQL-over-HTTP audit suite of the graphql-http package against the real /graphql, with
// the server's defaults (CSRF prevention on). docs/graphql-over-http.md lists every audit that is
// not met and why; this test keeps that list and its counts true.
let api: TestApi;
let results: AuditResult[];

type Level = 'MUST' | 'SHOULD' | 'MAY';
const levelOf = (name: string): Level => /^(MUST|SHOULD|MAY)\b/.exec(name)?.[1] as Level;

/** The rows of the document's markdown tables, as trimmed cells. */
function tableRows(): string[][] {
  const doc = readFileSync(path.join(PROJECT_DIR, 'docs', 'graphql-over-http.md'), 'utf8');
  return doc
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|\s*-/.test(line))
    .map((line) =>
      line
        .slice(1, -1)
        .split(' | ')
        .map((cell) => cell.trim()),
    );
}

beforeAll(async () => {
  api = await startTestApi();
  results = [];
  // One at a time: the audits are independent requests, and order keeps failures readable.
  for (const audit of serverAudits({ url: api.graphqlUrl })) results.push(await audit.fn());
});
afterAll(() => api.stop());

describe('GraphQL over HTTP (graphql-http audits)', () => {
  it('passes every MUST', () => {
    const must = results.filter((result) => levelOf(result.name) === 'MUST');
    expect(must.length).toBeGreaterThan(10);
    expect(must.filter((result) => result.status !== 'ok').map((result) => result.name)).toEqual([]);
  });

  it('matches the audits docs/graphql-over-http.md lists as not met', () => {
    const notMet = results.filter((result) => result.status !== 'ok').map((result) => [result.status, result.name]);
    const documented = tableRows()
      .filter(([status]) => status === 'warn' || status === 'notice' || status === 'error')
      .map(([status, name]) => [status, name?.replace(/^`|`$/g, '')]);
    expect(documented).toEqual(notMet);
  });

  it('matches the counts in docs/graphql-over-http.md', () => {
    const counts = (['MUST', 'SHOULD', 'MAY'] as const).map((level) => {
      const ofLevel = results.filter((result) => levelOf(result.name) === level);
      const passed = ofLevel.filter((result) => result.status === 'ok').length;
      return [level, String(ofLevel.length), String(passed), String(ofLevel.length - passed)];
    });
    expect(tableRows().filter(([level]) => ['MUST', 'SHOULD', 'MAY'].includes(level ?? ''))).toEqual(counts);
  });
});
