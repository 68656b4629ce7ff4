// Where the server listens, and the limits and timeouts of its HTTP connections.
import type { CorsPolicy } from '../http/cors.ts';
import { readCorsPolicy } from './cors.ts';
import { readInt, readString, type Env } from './env-readers.ts';

export interface ListenAddress {
  host: string;
  port: number;
}

export function readListenAddress(env: Env): ListenAddress {
  return { host: readString(env, 'HOST') ?? '127.0.0.1', port: readInt(env, 'PORT', 4000, 0, 65535) };
}

export interface HttpSettings {
  cors: CorsPolicy;
  maxBodyBytes: number;
  trustedProxies: number;
  /** How long an idle keep-alive connection stays open: longer than the load balancer's. */
  keepAliveTimeoutSeconds: number;
  /** The longest a client may take to send one request, headers and body. */
  requestTimeoutSeconds: number;
  /** How long a shutdown waits for requests in flight before it cuts them. */
  shutdownGraceSeconds: number;
}

export function readHttpSettings(env: Env, production: boolean): HttpSettings {
  return {
    cors: readCorsPolicy(env, production),
    maxBodyBytes: readInt(env, 'MAX_REQUEST_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024),
    trustedProxies: readInt(env, 'TRUST_PROXY_HOPS', 0, 0, 10),
    // Node's 5 s default is shorter than common load-balancer idle timeouts (60 s): the balancer
    // would reuse a connection the API is closing, and its client would see a reset.
    keepAliveTimeoutSeconds: readInt(env, 'HTTP_KEEP_ALIVE_TIMEOUT_SECONDS', 65, 1, 3600),
    requestTimeoutSeconds: readInt(env, 'HTTP_REQUEST_TIMEOUT_SECONDS', 60, 1, 3600),
    // Below the 30 s an orchestrator commonly allows between SIGTERM and SIGKILL (Kubernetes'
    // default), so a cut is still logged and reported by the exit code rather than killed unseen.
    shutdownGraceSeconds: readInt(env, 'SHUTDOWN_GRACE_SECONDS', 25, 0, 3600),
  };
}
