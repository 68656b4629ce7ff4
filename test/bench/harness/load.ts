import autocannon from 'autocannon';
import { formatNumber, type Column } from './report.ts';

export interface LoadResult {
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Responses that were not 2xx, connection errors and timeouts: a valid run has none. */
  failures: number;
  /** Server CPU (user + system) per completed request, in µs, when `serverCpuMicros` was given. */
  cpuMicrosPerRequest: number | undefined;
}

interface LoadOptions {
  url: string;
  connections: number;
  seconds: number;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /**
   * Builds each request (rotating users, say). Called before every request: keep it cheap, it
   * runs on the load generator's core.
   */
  setupRequest?: (request: { headers?: Record<string, string>; body?: string | Buffer }) => {
    headers?: Record<string, string>;
    body?: string | Buffer;
  };
  /** Reads the server's CPU counter (µs) before and after the run. */
  serverCpuMicros?: () => number;
  /** Checked on every response: a body that is not a success counts as a failure. */
  isSuccess?: (status: number, body: string) => boolean;
}

/** One autocannon run against `url`, in this process (pinned to the load core by the runner). */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  let failedBodies = 0;
  const cpuBefore = options.serverCpuMicros?.();
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    method: options.method ?? 'POST',
    headers: options.headers ?? {},
    ...(options.body !== undefined ? { body: options.body } : {}),
    requests: [
      {
        ...(options.setupRequest ? { setupRequest: options.setupRequest as never } : {}),
        ...(options.isSuccess
          ? {
              onResponse: (status: number, body: string) => {
                if (!options.isSuccess!(status, body)) failedBodies++;
              },
            }
          : {}),
      },
    ],
  });
  const cpuAfter = options.serverCpuMicros?.();
  const requests = result.requests.total;
  return {
    requests,
    requestsPerSecond: requests / options.seconds,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts + failedBodies,
    cpuMicrosPerRequest:
      cpuBefore === undefined || cpuAfter === undefined ? undefined : (cpuAfter - cpuBefore) / requests,
  };
}

/** A load run's columns (or its medians'): throughput, p50, p99 and server CPU, per `unit` ("request"). */
export function loadColumns(rate: string, unit: string): Column<Omit<LoadResult, 'requests' | 'failures'>>[] {
  return [
    [rate, (x) => formatNumber(x.requestsPerSecond)],
    ['p50 ms', (x) => formatNumber(x.p50Ms, 1)],
    ['p99 ms', (x) => formatNumber(x.p99Ms, 1)],
    [`server CPU µs/${unit}`, (x) => formatNumber(x.cpuMicrosPerRequest ?? NaN)],
  ];
}
