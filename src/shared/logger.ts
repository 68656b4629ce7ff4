import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';
import { requestScope } from './request-scope.ts';

export type Logger = PinoLogger;

/**
 * JSON lines on stdout (or `destination`), each written when it is logged. pino's own default
 * queues every line to libuv's thread pool: measured, about 15–20 µs more CPU per line than
 * writing it at once (a thread hand-off and a wake-up per request line), memory that grows while
 * stdout is stalled, and lines lost if the process is killed. Written at once, a stalled reader
 * slows the process instead, and a line logged before a crash is out.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    // Lines written while serving a request carry its id.
    mixin: () => requestScope.getStore() ?? {},
    // Tokens and presigned URLs are credentials: never write them to logs.
    redact: {
      paths: ['*.authorization', '*.headers.authorization', 'token', 'url', '*.url', 'fields', '*.fields'],
      censor: '[redacted]',
    },
  };
  return pino(options, destination ?? pino.destination({ dest: 1, sync: true }));
}
