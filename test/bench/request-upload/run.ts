// Benchmark 1: requestUpload over HTTP (bearer token, PostgreSQL ticket row, GraphQL) against the
// seeds' bare node:http presign endpoint and an Apollo presign mutation without auth or database,
// interleaved at 50 connections; then a CPU profile of the API and of the bare endpoint under the
// same load, broken down by where the time goes.
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { RequestTicketDocument } from '../../generated/graphql.ts';
import { graphqlClient } from '../../support/graphql-client.ts';
import { profileUnderLoad } from '../harness/cpu-profile.ts';
import { type BenchStack } from '../harness/stack.ts';
import { interleaved } from '../harness/stats.ts';
import type { BenchContext, Benchmark } from '../harness/types.ts';
import { checkRun, checkTicketsWork, countTicketRows } from './checks.ts';
import { PROFILED, report, type Measured } from './report.ts';
import { CONNECTIONS, loadVariant, VARIANTS, type Endpoints, type Variant } from './variants.ts';

/** Enough users that none comes near a per-user limit, few enough that all are created in warm-up. */
const USERS = 300;
const STATEMENT_PROBE_REQUESTS = 20;

export default {
  name: 'request-upload',
  title: 'requestUpload vs a bare presign endpoint',
  run: measure,
} satisfies Benchmark;

async function measure(stack: BenchStack, context: BenchContext) {
  const { rounds } = context;
  const seconds = context.long ? 15 : 6;
  // The two anchors, pinned like the API and signing with the same S3 settings.
  const [bare, graphql, peer] = await Promise.all([
    stack.spawn<{ url: string }>(new URL('./bare-presign-server.ts', import.meta.url)),
    stack.spawn<{ url: string }>(new URL('./graphql-floor-server.ts', import.meta.url)),
    stack.spawn<{ url: string }>(new URL('./yoga-peer-server.ts', import.meta.url), { JWT_SECRET: stack.jwtSecret }),
  ]);
  const tokens = await Promise.all(Array.from({ length: USERS }, (_, i) => stack.token(`bench-user-${i}`)));
  const endpoints: Endpoints = { api: stack.api, peer, bare, graphql, tokens };
  await checkTicketsWork(endpoints, tokens[0]!);
  // Warm-up (JIT, pools, and every bench user's first sight, which creates the user row).
  for (const variant of VARIANTS) {
    checkRun(`warm-up ${variant}`, await loadVariant(endpoints, variant, { connections: CONNECTIONS, seconds: 3 }));
  }
  const statementsPerRequest = await countStatements(stack, endpoints);
  context.log(`SQL statements per requestUpload (known user): ${statementsPerRequest}`);

  const loadBefore = os.loadavg()[0]!;
  const runs = await interleaved(VARIANTS, rounds, async (variant, round) => {
    const load = await countedRun(stack, endpoints, variant, `${variant} round ${round + 1}`, seconds);
    context.log(
      `round ${round + 1} ${variant}: ${Math.round(load.requestsPerSecond)} req/s, p99 ${load.p99Ms} ms, ${Math.round(load.cpuMicrosPerRequest ?? NaN)} µs CPU/req`,
    );
    return load;
  });
  const profiles = await profiled(endpoints, seconds, context.scratchDir);
  const loadAverage: [number, number] = [loadBefore, os.loadavg()[0]!];
  // Not availableParallelism(): this process is pinned to one core.
  const cores = os.cpus().length;
  return report({
    loadAverage,
    cores,
    runs,
    profiles,
    statementsPerRequest,
    connections: CONNECTIONS,
    seconds,
    rounds,
    users: USERS,
  });
}

/** One more run of the API and of the bare endpoint each, under the CPU profiler (kept in `dir`). */
async function profiled(endpoints: Endpoints, seconds: number, dir: string): Promise<Measured['profiles']> {
  const profiles = {} as Measured['profiles'];
  for (const variant of PROFILED) {
    profiles[variant] = await profileUnderLoad(
      endpoints[variant],
      () => loadVariant(endpoints, variant, { connections: CONNECTIONS, seconds }),
      { saveTo: path.join(dir, `${variant}.cpuprofile`) },
    );
    checkRun(`profiled ${variant}`, profiles[variant].load);
  }
  return profiles;
}

/** One measured run; for the API, the ticket rows it wrote must match the tickets it answered. */
async function countedRun(stack: BenchStack, endpoints: Endpoints, variant: Variant, label: string, seconds: number) {
  const writesRows = variant === 'api' || variant === 'peer';
  const rowsBefore = writesRows ? await countTicketRows(stack.databaseUrl) : 0;
  const load = await loadVariant(endpoints, variant, { connections: CONNECTIONS, seconds });
  await sleep(300); // requests in flight at the end finish writing
  const rowsAdded = writesRows ? (await countTicketRows(stack.databaseUrl)) - rowsBefore : undefined;
  checkRun(label, load, { rowsAdded, connections: CONNECTIONS });
  return load;
}

/** Statements the API runs for one requestUpload of a user it has seen before (the common case). */
async function countStatements(stack: BenchStack, endpoints: Endpoints): Promise<number> {
  await stack.resetCounters();
  const api = graphqlClient(endpoints.api.info.graphqlUrl);
  for (let i = 0; i < STATEMENT_PROBE_REQUESTS; i++) {
    const answer = await api.graphql(
      RequestTicketDocument,
      { input: { purpose: 'AVATAR', filename: 'a.png', contentType: 'image/png', byteSize: 10 } },
      endpoints.tokens[i],
    );
    if (answer.data?.requestUpload.__typename !== 'UploadTicket')
      throw new Error(`statement probe: ${JSON.stringify(answer)}`);
  }
  return (await stack.sql()).length / STATEMENT_PROBE_REQUESTS;
}
