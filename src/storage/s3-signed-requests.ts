import http from 'node:http';
import https from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import type { S3Client } from '@aws-sdk/client-s3';
import { SignatureV4 } from '@smithy/signature-v4';
import { objectPath } from './s3-bucket-url.ts';
import { exchange, type ObjectRequest, type ObjectResponse } from './s3-exchange.ts';
import { learnClock, retryDelayMs, signingDate, verdictOf } from './s3-retry-policy.ts';

export type { ObjectRequest, ObjectResponse } from './s3-exchange.ts';

/**
 * Object requests signed here and sent over a keep-alive agent of their own, for the calls a
 * confirm makes (HEAD, the ranged GET, CopyObject, DELETE). Through the SDK each of them ran its
 * whole middleware stack and endpoint rule set: measured at several times the CPU of the
 * signature and the HTTP exchange together (docs/storage.md). The signature is still the SDK's
 * own (SigV4 with the client's credentials, region, hash and learned clock offset), the bucket's
 * URL the one the SDK's rules resolve, and the deadline, retry and backoff those of the client
 * (s3-client.ts, s3-retry-policy.ts).
 */
export interface SignedRequests {
  send: (request: ObjectRequest) => Promise<ObjectResponse>;
  /** Closes the idle keep-alive sockets (at shutdown). */
  close: () => void;
}

export type SendObjectRequest = SignedRequests['send'];

export interface SignedRequestOptions {
  /** The longest one call may take, its retry included (S3_TIMEOUT_MS). */
  timeoutMs?: number | undefined;
}

const DEFAULT_TIMEOUT_MS = 10_000;
/** As the SDK client: one retry, so a blip is absorbed and an outage reported within the deadline. */
const ATTEMPTS = 2;
/** The SDK's default socket limit per host. */
const MAX_SOCKETS = 50;
/**
 * A socket left idle this long is closed by us, before a server's keep-alive timeout (5 s for
 * Node servers, s3rver among them) closes it while a request is being sent on it: that race cost
 * about one retried DELETE in 1,000 confirms in the benchmark.
 */
const IDLE_SOCKET_MS = 4_000;

export function createSignedRequests(
  client: S3Client,
  bucketUrl: () => Promise<URL>,
  options: SignedRequestOptions = {},
): SignedRequests {
  const signer = new SignatureV4({
    credentials: client.config.credentials,
    region: client.config.region,
    service: 's3',
    sha256: client.config.sha256,
    // S3 signs the path as sent: its segments are escaped once, by objectPath.
    uriEscapePath: false,
    applyChecksum: false,
  });
  const perAttemptMs = Math.ceil((options.timeoutMs ?? DEFAULT_TIMEOUT_MS) / ATTEMPTS);
  const agentOptions = {
    keepAlive: true,
    maxSockets: MAX_SOCKETS,
    scheduling: 'lifo',
    timeout: IDLE_SOCKET_MS,
  } as const;
  const agents = { http: new http.Agent(agentOptions), https: new https.Agent(agentOptions) };

  const send = async (request: ObjectRequest): Promise<ObjectResponse> => {
    const base = await bucketUrl();
    const agent = base.protocol === 'https:' ? agents.https : agents.http;
    for (let attempt = 1; ; attempt++) {
      // Signed per attempt: the date, the clock offset and credentials may all have changed.
      const signed = await signer.sign(
        {
          method: request.method,
          protocol: base.protocol,
          hostname: base.hostname,
          ...(base.port ? { port: Number(base.port) } : {}),
          path: objectPath(base, request.key),
          query: {},
          headers: {
            ...request.headers,
            host: base.host,
            'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
            ...(request.method === 'PUT' ? { 'content-length': '0' } : {}),
          },
        },
        { signingDate: signingDate(client) },
      );
      const last = attempt >= ATTEMPTS;
      let verdict;
      try {
        const response = await exchange(base, agent, signed, request, perAttemptMs);
        verdict = verdictOf(response, request, learnClock(client, response));
        if (last || verdict === 'final') return response;
      } catch (error) {
        if (last) throw error;
        verdict = 'retry' as const;
      }
      await sleep(retryDelayMs(verdict));
    }
  };

  const close = () => {
    agents.http.destroy();
    agents.https.destroy();
  };
  return { send, close };
}
