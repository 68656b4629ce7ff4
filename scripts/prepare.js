// `prepare` (npm runs it after every install here): builds the client package (build:client).
// Plain JavaScript, because a production install (`npm ci --omit=dev`) runs it too, without tsx
// and TypeScript: the API does not need the client package, so there it only says so.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import process from 'node:process';

try {
  createRequire(import.meta.url).resolve('tsx');
} catch {
  process.stdout.write(
    'prepare: development dependencies are not installed (production install), client package not built.\n',
  );
  process.exit(0);
}
const build = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build-client.ts'], { stdio: 'inherit' });
process.exit(build.status ?? 1);
