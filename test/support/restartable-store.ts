import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startLocalS3, type RunningLocalS3 } from '../../src/dev/local-s3.ts';
import { freePort } from './ports.ts';

/** An s3rver this test can stop and start again on the same port and data. */
export async function restartableStore() {
  const port = await freePort();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'upload-tickets-faults-'));
  let store: RunningLocalS3 | undefined = await startLocalS3({ port, dataDir, bucket: 'uploads' });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    async stop() {
      await store?.stop();
      store = undefined;
    },
    async start() {
      store = await startLocalS3({ port, dataDir, bucket: 'uploads' });
    },
    /** Stops it for good and removes its data. */
    async remove() {
      await store?.stop();
      store = undefined;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
