import http from 'node:http';
import https from 'node:https';
import type { S3Client } from '@aws-sdk/client-s3';
import { SignatureV4 } from '@smithy/signature-v4';
import { bucketUrlResolver, objectPath } from './s3-bucket-url.ts';

/**
 * Object requests signed here and sent over a keep-alive agent of their own, for the calls a
 * confirm makes (HEAD, the ranged GET, CopyObject, DELETE). Through the SDK each of them ran its
 * whole middleware stack and endpoint rule set: measured at several times the CPU of the
 * signature and the HTTP exchange together (docs/benchmarks.md, confirmUpload). The signature is
 * still the SDK's own (SigV4 with the client's credentials, region and hash), the bucket's URL
 * the one the SDK's rules resolve, and the deadline and retry those of the client (s3-client.ts).
 */
export interface ObjectRequest {
  method: 'HEAD' | 'GET' | 'PUT' | 'DELETE';
  key: string;
  /** Signed, as every header sent is. */
  headers?: Record<string, string>;
  /** Bytes of a 2xx answer kept; past them the response is dropped unread (with its socket). */
  maxBodyBytes: number;
  /** A 2xx answer that is a failure all the same (CopyObject's error inside a 200). */
  failedDespiteStatus?: (response: ObjectResponse) => boolean;
}

export interface ObjectResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** The body was longer than maxBodyBytes. */
  truncated: boolean;
}

export type SendObjectRequest = (request: ObjectRequest) => Promise<ObjectResponse>;

export interface SignedRequestOptions {
  /** The longest one call may take, its retry included (S3_TIMEOUT_MS). */
  timeoutMs?: number | undefined;
}

const DEFAULT_TIMEOUT_MS = 10_000;
/** As the SDK client: one retry, so a blip is absorbed and an outage reported within the deadline. */
const ATTEMPTS = 2;
/** The SDK's default socket limit per host. */
const MAX_SOCKETS = 50;
/** Of an error answer: enough for the store's error document (its code and message). */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

export function createSignedRequests(
  client: S3Client,
  bucket: string,
  options: SignedRequestOptions = {},
): SendObjectRequest {
  const signer = new SignatureV4({
    credentials: client.config.credentials,
    region: client.config.region,
    service: 's3',
    sha256: client.config.sha256,
    // S3 signs the path as sent: its segments are escaped once, by objectPath.
    uriEscapePath: false,
    applyChecksum: false,
  });
  const bucketUrl = bucketUrlResolver(client, bucket);
  const perAttemptMs = Math.ceil((options.timeoutMs ?? DEFAULT_TIMEOUT_MS) / ATTEMPTS);
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS, scheduling: 'lifo' }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS, scheduling: 'lifo' }),
  };

  return async (request) => {
    const base = await bucketUrl();
    const agent = base.protocol === 'https:' ? agents['https:'] : agents['http:'];
    for (let attempt = 1; ; attempt++) {
      // Signed per attempt: the signature's date, and credentials that may have been refreshed.
      const signed = await signer.sign({
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
      });
      const last = attempt >= ATTEMPTS;
      try {
        const response = await exchange(base, agent, signed.path, signed.headers, request, perAttemptMs);
        if (last || !retryable(response, request)) return response;
      } catch (error) {
        if (last) throw error;
      }
    }
  };
}

/** Throttling and the store's own failures are worth one more try; 4xx answers are final. */
function retryable(response: ObjectResponse, request: ObjectRequest): boolean {
  if (response.status === 429 || response.status >= 500) return true;
  return request.failedDespiteStatus?.(response) ?? false;
}

/** One request and its (bounded) answer; the deadline is a socket idle timeout, as in the SDK. */
function exchange(
  base: URL,
  agent: http.Agent,
  path: string,
  headers: Record<string, string>,
  request: ObjectRequest,
  idleMs: number,
): Promise<ObjectResponse> {
  const send = base.protocol === 'https:' ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const outgoing = send({ agent, method: request.method, hostname: base.hostname, port: base.port, path, headers });
    outgoing.setTimeout(idleMs, () =>
      outgoing.destroy(new Error(`${request.method} ${request.key}: no answer within ${idleMs} ms`)),
    );
    outgoing.on('error', reject);
    outgoing.on('response', (incoming) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      const status = incoming.statusCode ?? 0;
      const limit = status >= 200 && status <= 299 ? request.maxBodyBytes : MAX_ERROR_BODY_BYTES;
      const answer = (truncated: boolean) =>
        resolve({ status, headers: incoming.headers, body: Buffer.concat(chunks), truncated });
      incoming.on('data', (chunk: Buffer) => {
        if (kept + chunk.length <= limit) {
          chunks.push(chunk);
          kept += chunk.length;
          return;
        }
        // Enough: the rest is not read (a store that ignored Range could send gigabytes).
        chunks.push(chunk.subarray(0, limit - kept));
        answer(true);
        incoming.destroy();
      });
      incoming.on('end', () => answer(false));
      incoming.on('error', reject);
    });
    outgoing.end();
  });
}
