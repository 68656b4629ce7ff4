// One HTTP exchange with the store for the directly signed object calls (s3-signed-requests.ts):
// the request as signed, its answer read up to a bound, within a deadline that covers the connect.
import http from 'node:http';
import https from 'node:https';

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
  /** The body was longer than its bound. */
  truncated: boolean;
}

/** A 2xx status. */
export const succeeded = (status: number) => status >= 200 && status <= 299;

/** Of an error answer: enough for the store's error document (its code and message). */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

export interface Signed {
  path: string;
  headers: Record<string, string>;
}

/**
 * Sends `signed` and reads the answer. `idleMs` is the socket's timeout from before it connects
 * (a store that drops SYNs would otherwise hold the attempt for the kernel's two minutes) and
 * then between bytes, as the SDK's connection and request timeouts together.
 */
export function exchange(
  base: URL,
  agent: http.Agent,
  signed: Signed,
  request: ObjectRequest,
  idleMs: number,
): Promise<ObjectResponse> {
  const send = base.protocol === 'https:' ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const outgoing = send({
      agent,
      method: request.method,
      // An IPv6 literal comes bracketed in a URL, not in a socket address.
      hostname: base.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: base.port,
      path: signed.path,
      headers: signed.headers,
      timeout: idleMs,
    });
    outgoing.on('timeout', () =>
      outgoing.destroy(new Error(`${request.method} ${request.key}: no answer within ${idleMs} ms`)),
    );
    outgoing.on('error', reject);
    outgoing.on('response', (incoming) => {
      const status = incoming.statusCode ?? 0;
      const limit = succeeded(status) ? request.maxBodyBytes : MAX_ERROR_BODY_BYTES;
      const chunks: Buffer[] = [];
      let kept = 0;
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
