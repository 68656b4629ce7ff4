// The API as `npm start` runs it (src/app.ts), configured by the environment the bench gives it,
// in a process of its own so that its CPU and memory can be read apart from everything else.
// Answers over IPC: `sql` (statements run since the last `reset`) and `reset`; with
// BENCH_SOCKET_COUNTERS=1 also `socketCounts` (bytes by peer since `resetSocketCounts`); `memoryUsage`.
import { fileURLToPath } from 'node:url';
import { startApp } from '../../../src/app.ts';
import { loadConfig } from '../../../src/config/config.ts';
import { createLogger } from '../../../src/shared/logger.ts';
import { socketCountersFromEnv } from '../harness/process-counters.ts';
import { serveBenchProcess } from '../harness/processes.ts';

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
    socketCounts: () => {
      if (!socketCounters) throw new Error('start the API with BENCH_SOCKET_COUNTERS=1');
      return socketCounters.counts();
    },
    resetSocketCounts: () => socketCounters?.reset(),
    memoryUsage: () => process.memoryUsage(),
  },
  () => app.stop(),
);
