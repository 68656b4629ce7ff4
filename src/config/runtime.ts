// NODE_ENV, which sets the defaults of much else, and LOG_LEVEL.
import { readChoice, type Env } from './env-readers.ts';

export type RuntimeEnv = 'development' | 'production' | 'test';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export function readRuntime(env: Env): RuntimeEnv {
  return readChoice<RuntimeEnv>(env, 'NODE_ENV', ['development', 'production', 'test'], 'development');
}

/** Tests log nothing unless asked to. */
export function readLogLevel(env: Env, runtime: RuntimeEnv): LogLevel {
  return readChoice<LogLevel>(
    env,
    'LOG_LEVEL',
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
    runtime === 'test' ? 'silent' : 'info',
  );
}
