// The findings of the requestUpload benchmark: what the measured figures mean, and for a missed
// target by how much and where the cost is. Every number comes from the run.
import { formatNumber as n, ratio, sum } from '../harness/report.ts';
import type { Figures, Measured } from './report.ts';

export const RATIO_TARGET = 0.6;
export const P99_TARGET_MS = 50;

/** Why each cost the bare endpoint does not have must stay (keyed by the profile's categories). */
const WHY: Record<string, string> = {
  'Prisma (client + query compiler)':
    'what is left of Prisma on this path (the ticket row is a prepared statement on the pool, without Prisma)',
  'pg driver':
    'recording the ticket: one prepared statement that checks the limits and inserts (protocol encoding, parsing the row)',
  'GraphQL / Apollo':
    'running the operation: documents are parsed and validated once and cached, what is left is Apollo’s request pipeline, execution of the selection set and serialising the answer',
  'JWT (fast-jwt; jose for a JWKS)':
    'verifying the bearer token on every request (HS256 on node:crypto; caching verified tokens would keep accepting revoked keys)',
  'logging (pino)': 'one request log line, written to stdout as it is logged',
  'app code (src/)': 'validation, the key and ticket id, the context and the handler',
  GC: 'collecting what all of the above allocates',
  'AWS SDK (S3 signing, requests)': "the SDK's SigV4 signer over the ticket's policy",
  'node http / net / streams': 'a larger request (the token, the GraphQL document) and answer to move',
};

/** The CPU one ticket may cost for the throughput target: the Apollo floor's ÷ the target ratio. */
const budget = (f: Figures) => f.graphql.cpuMicrosPerRequest / RATIO_TARGET;
const profiledTotal = (f: Figures, variant: 'api' | 'bare') => sum(f.profiles[variant].categories);

export function findings(m: Measured, f: Figures): string {
  return [
    throughput(f),
    '',
    peer(f),
    '',
    floor(f),
    '',
    latency(m, f),
    '',
    `Where the API's time goes (profile, µs per request; ${n(profiledTotal(f, 'api'))} in all against ${n(profiledTotal(f, 'bare'))} for the bare
endpoint, profiling included). Both serve HTTP; the bare endpoint presigns with \`createPresignedPost\`, the API with its own
POST signer (the same fields, the bucket's URL resolved once, the SDK's SigV4 signer). What the API adds:`,
    '',
    ...additions(f),
    '',
    remaining(m, f),
  ].join('\n');
}

function throughput(f: Figures): string {
  const { api, graphql } = f;
  const r = api.requestsPerSecond / graphql.requestsPerSecond;
  const ratioText =
    r >= RATIO_TARGET
      ? 'met'
      : `missed: ${n(RATIO_TARGET / r, 2)}× too slow, ${n((RATIO_TARGET - r) * 100)} points short`;
  const p99Text = api.p99Ms <= P99_TARGET_MS ? 'met' : `missed by ${n(api.p99Ms - P99_TARGET_MS, 1)} ms`;
  return `requestUpload answered **${n(api.requestsPerSecond)} req/s** against the Apollo floor's ${n(graphql.requestsPerSecond)}:
**${ratio(api.requestsPerSecond, graphql.requestsPerSecond)}** (target ≥ ${RATIO_TARGET}×, ${ratioText}); p99 **${n(api.p99Ms, 1)} ms** (target ≤
${P99_TARGET_MS} ms, ${p99Text}). Throughput is set by server CPU per request where a server saturates its one
core: ${n(api.cpuMicrosPerRequest)} µs against the floor's ${n(graphql.cpuMicrosPerRequest)} µs. For ${RATIO_TARGET}× the API may spend at most ${n(budget(f))} µs
per ticket: ${n(budget(f) - graphql.cpuMicrosPerRequest)} µs on top of being a GraphQL server, for the token, the quotas and the ticket row.
Its core was busy ${n(busy(api) * 100)} % of the time (req/s × CPU per request), the floor's ${n(busy(graphql) * 100)} %: ${
    busy(api) < 0.95
      ? 'the rest of the time it had nothing to run, its requests waiting on the other core, which PostgreSQL shares with the load generator (the floor uses no database), so by CPU alone the ratio would read ' +
        ratio(graphql.cpuMicrosPerRequest, api.cpuMicrosPerRequest)
      : 'the API is bound by its own CPU'
  }. A saving in what both servers share (the HTTP handler, the log line, the POST signer) takes the same microseconds off both, which lowers this ratio (the floor is the smaller): only a saving in what the API adds raises it.`;
}

/** The share of its one core a server used: req/s × CPU per request. */
const busy = (run: Figures['api']) => (run.requestsPerSecond * run.cpuMicrosPerRequest) / 1e6;

function peer(f: Figures): string {
  const { api, peer: yoga } = f;
  const faster = api.requestsPerSecond > yoga.requestsPerSecond;
  return `The peer (graphql-yoga, the same tokens verified with jose, a presigned PUT, the row through Prisma's \`create\`, no
quotas) answered ${n(yoga.requestsPerSecond)} req/s at ${n(yoga.cpuMicrosPerRequest)} µs per request, p99 ${n(yoga.p99Ms, 1)} ms: the API is
**${ratio(api.requestsPerSecond, yoga.requestsPerSecond)}** its throughput (target: faster, ${faster ? 'met' : 'missed'}) while it also enforces the per-user
limits in the same statement, rate-limits and logs every request.`;
}

function floor(f: Figures): string {
  const { bare, graphql } = f;
  return `The Apollo floor (the same HTTP handler and log line, a presign mutation, no token, no database) answered
${n(graphql.requestsPerSecond)} req/s, ${ratio(graphql.requestsPerSecond, bare.requestsPerSecond)} the bare endpoint's ${n(bare.requestsPerSecond)}, at ${n(graphql.cpuMicrosPerRequest)} µs per request: being a GraphQL
server with request logs costs ${n(graphql.cpuMicrosPerRequest - bare.cpuMicrosPerRequest)} µs before any authentication or database work.`;
}

function latency(m: Measured, f: Figures): string {
  const c = m.connections;
  // Little's law: with every connection always waiting, mean latency = connections / throughput.
  const meanLatencyMs = (c / f.api.requestsPerSecond) * 1000;
  return `Latency follows from throughput: with ${c} connections always waiting, the mean is ${c} ÷ req/s
(${n(meanLatencyMs, 1)} ms here), so a p99 under ${P99_TARGET_MS} ms needs well over ${n((c / P99_TARGET_MS) * 1000)} req/s from one core, and the
tail adds GC pauses and, on a shared machine, other processes' turns on the core (the load average was
${n(m.loadAverage[0], 1)} at the start and ${n(m.loadAverage[1], 1)} at the end, on ${m.cores} cores; the bare endpoint's p99 was
${n(f.bare.p99Ms, 1)} ms under the same conditions).`;
}

/** One line per category that costs the API at least 5 µs more than the bare endpoint, largest first. */
function additions(f: Figures): string[] {
  const { api, bare } = f.profiles;
  return Object.keys(api.categories)
    .map((name) => ({ name, micros: api.categories[name]! - (bare.categories[name] ?? 0) }))
    .filter(({ micros }) => micros >= 5)
    .sort((a, b) => b.micros - a.micros)
    .map(({ name, micros }) => `- **${name}: +${n(micros)} µs** — ${WHY[name] ?? 'runtime work around the above'}.`);
}

function remaining(m: Measured, f: Figures): string {
  return `A ticket costs ${n(m.statementsPerRequest, 1)} SQL statement(s) for a user the process has seen. Already removed
(see the commit history): jose's WebCrypto HMAC (fast-jwt verifies on node:crypto), Prisma on the ticket insert (a
prepared statement on the pool), createPresignedPost's endpoint resolution on every ticket (the API's POST signer
resolves the bucket's URL once and has the SDK's signer sign the policy), a JWT key import per request, Apollo's cache-control plugin (it wrapped every field
resolver only to conclude \`no-store\`), a separate quota query before the insert, DataLoaders built for requests
that use none. What remains is the price of the features themselves — an authenticated user, a durable ticket row
that enforces per-user limits, a GraphQL API and a request log — none of which the bare endpoint has. Together
they add ${n(profiledTotal(f, 'api') - profiledTotal(f, 'bare'))} µs per request (profiled) to the bare endpoint's work; the budget above is ${n(budget(f))} µs.`;
}
