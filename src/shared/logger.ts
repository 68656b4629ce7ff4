import { pino, type Logger as PinoLogger } from 'pino';

export type Logger = PinoLogger;

export function createLogger(level: string): Logger {
  return pino({
    level,
    // Tokens and presigned URLs are credentials: never write them to logs.
    redact: {
      paths: ['*.authorization', '*.headers.authorization', 'token', 'url', '*.url', 'fields', '*.fields'],
      censor: '[redacted]',
    },
  });
}
