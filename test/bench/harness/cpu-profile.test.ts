import { describe, expect, test } from '@jest/globals';
import type { Profiler } from 'node:inspector';
import { categoryOf, summariseProfile } from './cpu-profile.ts';

const frame = (functionName: string, url: string) => ({
  functionName,
  url,
  scriptId: '0',
  lineNumber: 0,
  columnNumber: 0,
});

describe('CPU profile breakdown', () => {
  test('categories come from where the code lives', () => {
    expect(categoryOf('file:///app/node_modules/@prisma/client/runtime/client.js', 'x')).toMatch(/Prisma/);
    expect(categoryOf('file:///app/src/generated/prisma/internal/class.ts', 'x')).toMatch(/Prisma/);
    expect(categoryOf('file:///app/node_modules/pg-protocol/dist/parser.js', 'parse')).toBe('pg driver');
    expect(categoryOf('file:///app/node_modules/graphql/execution/execute.js', 'x')).toBe('GraphQL / Apollo');
    expect(categoryOf('file:///app/src/uploads/issue-ticket.ts', 'issueTicket')).toBe('app code (src/)');
    expect(categoryOf('node:_http_server', 'x')).toMatch(/node http/);
    expect(categoryOf('', '(garbage collector)')).toBe('GC');
  });

  test('self-time per category; built-ins and general Node modules count for their caller; idle is left out', () => {
    const profile: Profiler.Profile = {
      nodes: [
        { id: 1, callFrame: frame('(root)', ''), children: [2, 3, 6] },
        { id: 2, callFrame: frame('verify', 'file:///app/node_modules/jose/dist/verify.js'), children: [4] },
        { id: 3, callFrame: frame('(idle)', '') },
        { id: 4, callFrame: frame('hmac', 'node:internal/crypto/mac'), children: [5] },
        { id: 5, callFrame: frame('run', '') },
        { id: 6, callFrame: frame('(garbage collector)', '') },
      ],
      startTime: 0,
      endTime: 100,
      samples: [2, 5, 3, 6, 5],
      // timeDeltas[i + 1] is what sample i stands for.
      timeDeltas: [0, 10, 20, 1000, 5, 7],
    };
    const summary = summariseProfile(profile);
    expect(summary.categories['JWT (fast-jwt; jose for a JWKS)']).toBe(10 + 20 + 7);
    expect(summary.categories['GC']).toBe(5);
    expect(summary.totalMicros).toBe(42);
  });
});
