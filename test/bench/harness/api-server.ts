// The API as `npm start` runs it (src/app.ts), configured by the environment the bench gives it,
// in a process of its own so that its CPU and memory can be read apart from everything else.
// Answers over IPC: `sql` (statements run since the last `reset`), `reset`, `memoryUsage`,
// `profile-start` / `profile-stop` (a CPU profile of this process, see harness/cpu-profile.ts),
// `signCost` (CPU µs this process spends signing one download URL, as File.url does, over `payload`
// signatures); with BENCH_SOCKET_COUNTERS=1 also `socketCounts` (bytes by peer since
// `resetSocketCounts`).
import { fileURLToPath } from 'node:url';
import { startApp } from '../../../src/app.ts';
import { loadConfig } from '../../../src/config/config.ts';
import { createLogger } from '../../../src/shared/logger.ts';
import { downloadUrl } from '../../../src/uploads/download-url.ts';
import { profileHandlers } from './cpu-profile.ts';
import { socketCountersFromEnv } from './socket-counters.ts';
import { serveBenchProcess } from './processes.ts';

// Before the app starts, so that its database pool's sockets are counted too.
const socketCounters = socketCountersFromEnv(process.env);

const config = loadConfig(process.env, fileURLToPath(new URL('../../..', import.meta.url)));
let statements: string[] = [];
const app = await startApp(config, createLogger(config.logLevel), { onQuery: (sql) => statements.push(sql) });

serveBenchProcess(
  { graphqlUrl: app.graphqlUrl },
  {
    sql: () => statements,
    reset: () => {
      statements = [];
    },
    ...profileHandlers(),
    socketCounts: () => {
      if (!socketCounters) throw new Error('start the API with BENCH_SOCKET_COUNTERS=1');
      return socketCounters.counts();
    },
    resetSocketCounts: () => socketCounters?.reset(),
    signCost: async (signatures) => {
      const file = {
        id: 'bench',
        ownerId: 'bench',
        key: 'post_attachment/bench/bench.pdf',
        filename: 'notes.pdf',
        contentType: 'application/pdf',
        byteSize: 4096,
        createdAt: new Date(),
        checksumSha256: null,
        contentMd5: null,
      };
      const before = process.cpuUsage();
      for (let i = 0; i < Number(signatures); i++)
        await downloadUrl(app.storage, file, config.uploads.downloadUrlTtlSeconds);
      const used = process.cpuUsage(before);
      return (used.user + used.system) / Number(signatures);
    },
    memoryUsage: () => process.memoryUsage(),
  },
  async () => {
    await app.stop();
  },
);
