import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';
import { requestScope } from './request-scope.ts';

export type Logger = PinoLogger;

/** JSON lines on stdout (or `destination`). */
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
  return destination ? pino(options, destination) : pino(options);
}
