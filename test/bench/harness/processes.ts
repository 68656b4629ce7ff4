import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { PROJECT_DIR } from '../../support/test-api.ts';

const CLOCK_TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());

/** User + system CPU the process (all its threads) has used so far, in microseconds (10 ms steps). */
function cpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which may itself hold spaces: state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks / CLOCK_TICKS_PER_SECOND) * 1e6;
}

interface MemoryReading {
  rssBytes: number;
  /** Highest RSS since the process started or since `resetPeakRss`. */
  peakRssBytes: number;
}

function memory(pid: number): MemoryReading {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rssBytes: kb('VmRSS'), peakRssBytes: kb('VmHWM') };
}

/** Pins a running process and all its threads; processes it forks later inherit the pinning. */
export function pinProcess(pid: number, core: number): void {
  execFileSync('taskset', ['-a', '-p', '-c', String(core), String(pid)], { stdio: 'ignore' });
}

export interface PinnedProcess<Info> {
  pid: number;
  /** What the process announced when ready (its URL, say). */
  info: Info;
  cpuMicros(): number;
  memory(): MemoryReading;
  /** Writing 5 to clear_refs resets the peak RSS (VmHWM) to the current RSS (Linux ≥ 4.0). */
  resetPeakRss(): void;
  /** Asks the process something over IPC (see `serveBenchProcess`). */
  call<T = unknown>(type: string, payload?: unknown): Promise<T>;
  stop(): Promise<void>;
}

interface IpcMessage {
  type: string;
  id?: number;
  payload?: unknown;
}

/**
 * Starts `script` (a TypeScript module: `new URL('./server.ts', import.meta.url)`) in a Node
 * process of its own, pinned to `core` from its first instruction (`taskset` execs node, so every
 * thread inherits it), and waits until it calls `ready(info)`.
 */
export async function spawnPinned<Info>(options: {
  script: URL;
  core: number;
  env?: Record<string, string>;
}): Promise<PinnedProcess<Info>> {
  const child = spawn(
    'taskset',
    ['-c', String(options.core), process.execPath, '--import', 'tsx', fileURLToPath(options.script)],
    {
      cwd: PROJECT_DIR,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const call = caller(child);
  const info = await ready<Info>(
    child,
    (code) => `${options.script.pathname} exited (${code}) before ready:\n${stderr}`,
  );
  const pid = child.pid!;
  return {
    pid,
    info,
    cpuMicros: () => cpuMicros(pid),
    memory: () => memory(pid),
    resetPeakRss: () => writeFileSync(`/proc/${pid}/clear_refs`, '5'),
    call,
    stop: () => stopChild(child),
  };
}

/** Sends a call to the child and resolves with its answer (see `serveBenchProcess`). */
function caller(child: ChildProcess): PinnedProcess<unknown>['call'] {
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  child.on('message', (message: IpcMessage) => {
    const waiting = pending.get(message.id ?? -1);
    if (!waiting) return;
    pending.delete(message.id!);
    if (message.type === 'error') waiting.reject(new Error(String(message.payload)));
    else waiting.resolve(message.payload);
  });
  let nextId = 0;
  return <T>(type: string, payload?: unknown) =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      child.send({ type, id, payload } satisfies IpcMessage);
    });
}

/** The `ready` message's payload, or an error if the process exits first. */
function ready<Info>(child: ChildProcess, exited: (code: number | null) => string): Promise<Info> {
  return new Promise<Info>((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(exited(code)));
    child.once('exit', onExit);
    const onMessage = (message: IpcMessage) => {
      if (message.type !== 'ready') return;
      child.removeListener('exit', onExit).removeListener('message', onMessage);
      resolve(message.payload as Info);
    };
    child.on('message', onMessage);
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/**
 * The child's side: answers `call`s with `handlers` and announces itself ready. SIGTERM runs
 * `stop` and exits.
 */
export function serveBenchProcess(
  info: unknown,
  handlers: Record<string, (payload: unknown) => unknown>,
  stop: () => Promise<void>,
): void {
  const send = (message: IpcMessage) => process.send?.(message);
  process.on('message', (message: IpcMessage) => {
    const handler = handlers[message.type];
    Promise.resolve()
      .then(() => {
        if (!handler) throw new Error(`no handler for ${message.type}`);
        return handler(message.payload);
      })
      .then(
        (payload: unknown) => send({ type: 'result', id: message.id!, payload }),
        (error: unknown) => send({ type: 'error', id: message.id!, payload: String(error) }),
      );
  });
  process.once('SIGTERM', () => {
    stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
  // The parent going away (a crashed bench run) takes this process with it.
  process.once('disconnect', () => void stop().finally(() => process.exit(0)));
  send({ type: 'ready', payload: info });
}

/** Listens on a free loopback port; resolves with the server's base URL. */
export async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Cuts the server's connections (keep-alive ones too) and waits until it is closed. */
export async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}
