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

/** The fallback when the variable is not set, else what `parse` makes of its value (or throws). */
function readParsed<T>(env: Env, name: string, fallback: T, parse: (raw: string) => T): T {
  const raw = readString(env, name);
  return raw === undefined ? fallback : parse(raw);
}

export function readInt(env: Env, name: string, fallback: number, min: number, max: number): number {
  return readParsed(env, name, fallback, (raw) => {
    const value = /^-?\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      throw new ConfigError(
        name,
        `must be a whole number from ${min} to ${max} (got "${raw}"). Fix it, or unset it to use ${fallback}.`,
      );
    }
    return value;
  });
}

export function readBoolean(env: Env, name: string, fallback: boolean): boolean {
  return readParsed(env, name, fallback, (raw) => {
    if (raw === 'true' || raw === '1') return true;
    if (raw === 'false' || raw === '0') return false;
    throw new ConfigError(name, `must be "true" or "false" (got "${raw}").`);
  });
}

export function readChoice<T extends string>(env: Env, name: string, choices: readonly T[], fallback: T): T {
  return readParsed(env, name, fallback, (raw) => {
    if ((choices as readonly string[]).includes(raw)) return raw as T;
    throw new ConfigError(name, `must be one of ${choices.join(', ')} (got "${raw}").`);
  });
}

export function readUrl(env: Env, name: string, protocols: readonly string[]): URL | undefined {
  return readParsed<URL | undefined>(env, name, undefined, (raw) => {
    const url = parseUrl(raw);
    if (!url) {
      throw new ConfigError(name, `must be an absolute URL (${protocols.join(' or ')}), e.g. ${example(protocols)}.`);
    }
    if (!protocols.includes(url.protocol)) {
      throw new ConfigError(
        name,
        `must use ${protocols.join(' or ')} (got "${url.protocol}"), e.g. ${example(protocols)}.`,
      );
    }
    return url;
  });
}

/** A comma-separated list, each entry trimmed (empty ones kept, for the caller to refuse); undefined when unset. */
export function readList(env: Env, name: string): string[] | undefined {
  return readParsed<string[] | undefined>(env, name, undefined, (raw) => raw.split(',').map((entry) => entry.trim()));
}

/** An absolute URL, or undefined for anything `new URL` refuses. */
export function parseUrl(raw: string): URL | undefined {
  try {
    return new URL(raw);
  } catch {
    return undefined;
  }
}

function example(protocols: readonly string[]): string {
  if (protocols[0] === 'postgresql:' || protocols[0] === 'postgres:')
    return 'postgresql://user:password@host:5432/database';
  if (protocols[0] === 'redis:') return 'redis://host:6379';
  return 'https://host.example/path';
}
