// The streaming-proxy baseline from the benchmark's side: start it next to the stack (same S3,
// pinned to the server core) and upload a file through it, streamed from disk.
import { randomBytes } from 'node:crypto';
import { openAsBlob } from 'node:fs';
import { signDevToken } from '../../../src/auth/dev-token.ts';
import type { PinnedProcess } from '../harness/processes.ts';
import type { BenchStack } from '../harness/stack.ts';
import { storedObjects, type StoredObjects } from './stored-objects.ts';
import type { TestFile } from './test-files.ts';

/** The API's settings for both upload benchmarks: socket counters on, the daily byte quota out of reach. */
export const UPLOAD_API_ENV = { BENCH_SOCKET_COUNTERS: '1', MAX_UPLOAD_BYTES_PER_USER_PER_DAY: String(2 ** 50) };

/** What an upload benchmark works with: the stack, the proxy next to it and the checks of what was stored. */
export interface UploadServers {
  stack: BenchStack;
  proxy: StreamingProxy;
  store: StoredObjects;
}

export async function uploadServers(stack: BenchStack): Promise<UploadServers> {
  return { stack, proxy: await startStreamingProxy(stack), store: storedObjects(stack) };
}

export interface StreamingProxy {
  process: PinnedProcess<{ url: string }>;
  token(subject: string): Promise<string>;
}

/** Starts the proxy on the server's core, with the stack's store; it stops with the stack. */
export async function startStreamingProxy(stack: BenchStack): Promise<StreamingProxy> {
  const secret = randomBytes(32).toString('hex');
  const process = await stack.spawn<{ url: string }>(new URL('./streaming-proxy-server.ts', import.meta.url), {
    BENCH_SOCKET_COUNTERS: '1',
    JWT_SECRET: secret,
  });
  return { process, token: (subject) => signDevToken(secret, subject) };
}

/** Uploads through the proxy; resolves with the stored key, throws unless it answered 200. */
export async function uploadThroughProxy(proxy: StreamingProxy, token: string, file: TestFile): Promise<string> {
  const response = await fetch(`${proxy.process.info.url}/upload/${file.filename}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': file.contentType },
    body: await openAsBlob(file.path),
  });
  const body = (await response.json().catch(() => ({}))) as { key?: string; error?: string };
  if (response.status !== 200 || !body.key)
    throw new Error(`proxy upload of ${file.filename}: HTTP ${response.status} ${body.error ?? ''}`);
  return body.key;
}
