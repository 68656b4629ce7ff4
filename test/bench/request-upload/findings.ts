// The findings paragraph of the requestUpload benchmark: what the measured figures mean, and for a
// missed target by how much and where the cost is. Every number comes from the run.
import { formatNumber } from '../harness/stats.ts';

export interface FindingsInput {
  api: { requestsPerSecond: number; p99Ms: number; cpuMicrosPerRequest: number };
  bare: { requestsPerSecond: number; p99Ms: number; cpuMicrosPerRequest: number };
  /** Apollo on the app's HTTP handler, presigning without token or database. */
  floor: { requestsPerSecond: number; p99Ms: number; cpuMicrosPerRequest: number };
  ratioTarget: number;
  p99TargetMs: number;
  connections: number;
  statementsPerRequest: number;
  /** The machine's 1-minute load average at the start and the end of the measured runs. */
  loadAverage: [number, number];
  cores: number;
  /** Profiled self-time per request, µs, by category. */
  apiProfile: Record<string, number>;
  bareProfile: Record<string, number>;
}

/** Why each cost the bare endpoint does not have must stay (keyed by the profile's categories). */
const WHY: Record<string, string> = {
  'Prisma (client + query compiler)':
    'recording the ticket: already one raw statement that checks the limits and inserts, so this is Prisma’s fixed cost per query (request building, the adapter, result mapping)',
  'pg driver': 'the same statement on the wire (protocol encoding, parsing the row)',
  'GraphQL / Apollo':
    'running the operation: documents are parsed and validated once and cached, what is left is Apollo’s request pipeline, execution of the selection set and serialising the answer',
  'JWT (jose, its WebCrypto HMAC)':
    'verifying the bearer token on every request (jose checks HS256 through WebCrypto, an asynchronous job per request; caching verified tokens would keep accepting revoked keys)',
  'logging (pino)': 'one request log line, written synchronously to stdout',
  'app code (src/)': 'validation, the key and ticket id, the context and the handler',
  GC: 'collecting what all of the above allocates',
  'AWS SDK (S3 signing, requests)':
    'the same createPresignedPost call as the bare endpoint: a difference this small is sampling noise',
  'node http / net / streams': 'a larger request (the token, the GraphQL document) and answer to move',
};

export function findings(f: FindingsInput): string {
  const us = (value: number) => formatNumber(value);
  const ratio = f.api.requestsPerSecond / f.bare.requestsPerSecond;
  const budget = f.bare.cpuMicrosPerRequest / f.ratioTarget;
  const apiTotal = Object.values(f.apiProfile).reduce((a, b) => a + b, 0);
  const bareTotal = Object.values(f.bareProfile).reduce((a, b) => a + b, 0);
  const extra = Object.keys(f.apiProfile)
    .map((name) => ({ name, micros: f.apiProfile[name]! - (f.bareProfile[name] ?? 0) }))
    .filter(({ micros }) => micros >= 5)
    .sort((a, b) => b.micros - a.micros);
  // Little's law: with every connection always waiting, mean latency = connections / throughput.
  const meanLatencyMs = (f.connections / f.api.requestsPerSecond) * 1000;
  const neededForP99 = (f.connections / f.p99TargetMs) * 1000;
  const ratioText =
    ratio >= f.ratioTarget
      ? 'met'
      : `missed: ${formatNumber(f.ratioTarget / ratio, 1)}× too slow, ${formatNumber((f.ratioTarget - ratio) * 100)} points short`;
  const p99Text = f.api.p99Ms <= f.p99TargetMs ? 'met' : `missed by ${formatNumber(f.api.p99Ms - f.p99TargetMs, 1)} ms`;
  return [
    `requestUpload answered **${us(f.api.requestsPerSecond)} req/s** against the bare endpoint's ${us(f.bare.requestsPerSecond)}:`,
    `**${ratio.toFixed(2)}×** (target ≥ ${f.ratioTarget}×, ${ratioText}); p99 **${formatNumber(f.api.p99Ms, 1)} ms** (target ≤`,
    `${f.p99TargetMs} ms, ${p99Text}). Both servers saturate their one core, so throughput is set by server CPU per`,
    `request: ${us(f.api.cpuMicrosPerRequest)} µs against ${us(f.bare.cpuMicrosPerRequest)} µs. For ${f.ratioTarget}× the API would have to`,
    `issue a ticket in at most ${us(budget)} µs of CPU: after the ${us(f.bare.cpuMicrosPerRequest)} µs the bare endpoint spends on HTTP and`,
    `presigning, ${us(budget - f.bare.cpuMicrosPerRequest)} µs would be left for the token, the database, GraphQL and the log line.`,
    '',
    `The Apollo floor (the same HTTP handler and log line, a presign mutation, no token, no database) answered`,
    `${us(f.floor.requestsPerSecond)} req/s, **${(f.floor.requestsPerSecond / f.bare.requestsPerSecond).toFixed(2)}×** the bare endpoint, at ${us(f.floor.cpuMicrosPerRequest)} µs per request: being a GraphQL`,
    `server with request logs costs ${us(f.floor.cpuMicrosPerRequest - f.bare.cpuMicrosPerRequest)} µs before any authentication or database work, and the token and`,
    `the ticket row (with the input checks and the GC they bring) add ${us(f.api.cpuMicrosPerRequest - f.floor.cpuMicrosPerRequest)} µs on top.${
      f.floor.requestsPerSecond / f.bare.requestsPerSecond < f.ratioTarget
        ? ` Even with authentication and the database free, this stack would miss ${f.ratioTarget}×.`
        : ''
    }`,
    '',
    `Latency follows from throughput: with ${f.connections} connections always waiting, the mean is ${f.connections} ÷ req/s`,
    `(${formatNumber(meanLatencyMs, 1)} ms here), so a p99 under ${f.p99TargetMs} ms needs well over ${us(neededForP99)} req/s from one core, and the`,
    `tail adds GC pauses and, on a shared machine, other processes' turns on the core (the load average was`,
    `${formatNumber(f.loadAverage[0], 1)} at the start and ${formatNumber(f.loadAverage[1], 1)} at the end, on ${f.cores} cores; the bare endpoint's p99 was`,
    `${formatNumber(f.bare.p99Ms, 1)} ms under the same conditions).`,
    '',
    `Where the API's time goes (profile, µs per request; ${us(apiTotal)} in all against ${us(bareTotal)} for the bare`,
    `endpoint, profiling included): the shared work, HTTP and presigning, costs both about the same. What the API adds:`,
    '',
    ...extra.map(
      ({ name, micros }) => `- **${name}: +${us(micros)} µs** — ${WHY[name] ?? 'runtime work around the above'}.`,
    ),
    '',
    `A ticket costs ${formatNumber(f.statementsPerRequest, 1)} SQL statement(s) for a user the process has seen. Already removed`,
    `(see the commit history): a JWT key import per request, Apollo's cache-control plugin (it wrapped every field`,
    `resolver only to conclude \`no-store\`), a separate quota query before the insert, DataLoaders built for requests`,
    `that use none. What remains is the price of the features themselves — an authenticated user, a durable ticket row`,
    `that enforces per-user limits, a GraphQL API and a request log — none of which the bare endpoint has. No single`,
    `item closes the gap: dropping any one of them would still leave the API above the ${us(budget)} µs budget, since together`,
    `they add ${us(apiTotal - bareTotal)} µs per request (profiled) to the bare endpoint's work.`,
  ].join('\n');
}
