import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';

export type Logger = PinoLogger;

/** JSON lines on stdout (or `destination`). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    // Tokens and presigned URLs are credentials: never write them to logs.
    redact: {
      paths: ['*.authorization', '*.headers.authorization', 'token', 'url', '*.url', 'fields', '*.fields'],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
