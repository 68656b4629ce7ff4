/**
 * Typed readers for environment variables. Each failure names the variable and says how to fix
 * it, because the message is the only thing an operator sees when start-up stops.
 */
export class ConfigError extends Error {
  readonly variable: string;
  constructor(variable: string, problem: string) {
    super(`${variable} ${problem}`);
    this.name = 'ConfigError';
    this.variable = variable;
  }
}

export type Env = Readonly<Record<string, string | undefined>>;

/** An unset or blank variable counts as not set. */
export function readString(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

export function readInt(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = readString(env, name);
  if (raw === undefined) return fallback;
  const value = /^-?\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new ConfigError(
      name,
      `must be a whole number from ${min} to ${max} (got "${raw}"). Fix it, or unset it to use ${fallback}.`,
    );
  }
  return value;
}

export function readBoolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = readString(env, name);
  if (raw === undefined) return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(name, `must be "true" or "false" (got "${raw}").`);
}

export function readChoice<T extends string>(env: Env, name: string, choices: readonly T[], fallback: T): T {
  const raw = readString(env, name);
  if (raw === undefined) return fallback;
  if ((choices as readonly string[]).includes(raw)) return raw as T;
  throw new ConfigError(name, `must be one of ${choices.join(', ')} (got "${raw}").`);
}

export function readUrl(env: Env, name: string, protocols: readonly string[]): URL | undefined {
  const raw = readString(env, name);
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, `must be an absolute URL (${protocols.join(' or ')}), e.g. ${example(protocols)}.`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(
      name,
      `must use ${protocols.join(' or ')} (got "${url.protocol}"), e.g. ${example(protocols)}.`,
    );
  }
  return url;
}

function example(protocols: readonly string[]): string {
  if (protocols[0] === 'postgresql:' || protocols[0] === 'postgres:')
    return 'postgresql://user:password@host:5432/database';
  if (protocols[0] === 'redis:') return 'redis://host:6379';
  return 'https://host.example/path';
}
