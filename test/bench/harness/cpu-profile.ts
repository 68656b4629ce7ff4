// A V8 CPU profile of a bench process, taken from inside it (node:inspector, no debugger port) and
// summarised there into self-time per category, so only a few numbers cross the IPC channel.
// The process side: `profileHandlers()` in its serveBenchProcess handlers; the bench side:
// `profileUnderLoad(process, load)`.
import { writeFile } from 'node:fs/promises';
import { Session, type Profiler } from 'node:inspector/promises';
import type { PinnedProcess } from './processes.ts';

/** Self-time per category, in µs, over the whole profile. */
export interface ProfileSummary {
  /** Sampled CPU of the main thread (idle excluded), µs. */
  totalMicros: number;
  categories: Record<string, number>;
}

/**
 * Where self-time goes, by the code's origin (first match wins). Order matters: the generated
 * Prisma client sits under src/, the pg driver is called by Prisma's adapter.
 */
const NODE_OTHER = 'node other (timers, promises, buffers…)';
const CATEGORIES: [name: string, matches: (url: string, fn: string) => boolean][] = [
  ['GC', (_url, fn) => fn === '(garbage collector)'],
  ['Prisma (client + query compiler)', (url) => /@prisma\/|\/src\/generated\/prisma\/|^wasm:\/\//.test(url)],
  ['pg driver', (url) => /\/node_modules\/(pg|pg-[a-z]+|postgres-[a-z]+)\//.test(url)],
  ['GraphQL / Apollo', (url) => /\/node_modules\/(graphql|@apollo|@graphql-tools|dataloader)\//.test(url)],
  ['JWT (fast-jwt; jose for a JWKS)', (url) => /\/node_modules\/(fast-jwt|jose)\//.test(url)],
  ['AWS SDK (S3 signing, requests)', (url) => /\/node_modules\/(@aws-sdk|@smithy|@aws-crypto)\//.test(url)],
  ['logging (pino)', (url) => /\/node_modules\/(pino|pino-[a-z-]+|sonic-boom|fast-redact|@pinojs)\//.test(url)],
  ['app code (src/)', (url) => /\/src\//.test(url)],
  ['node http / net / streams', (url) => /^node:(internal\/)?(_?http|net|stream|streams|internal\/streams)/.test(url)],
  [NODE_OTHER, (url) => url.startsWith('node:')],
];
const OTHER = 'other (native, program, module loading)';

export function categoryOf(url: string, functionName: string): string {
  return CATEGORIES.find(([, matches]) => matches(url, functionName))?.[0] ?? OTHER;
}

export const CATEGORY_NAMES = [...CATEGORIES.map(([name]) => name), OTHER];

export function summariseProfile(profile: Profiler.Profile): ProfileSummary {
  const categoryByNode = categoriseNodes(profile.nodes);
  const categories: Record<string, number> = Object.fromEntries(CATEGORY_NAMES.map((name) => [name, 0]));
  let totalMicros = 0;
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  // timeDeltas[i + 1] is the time from sample i to the next: the time sample i stands for.
  for (let i = 0; i < samples.length; i++) {
    const category = categoryByNode.get(samples[i]!);
    const micros = deltas[i + 1] ?? 0;
    if (category === undefined || micros <= 0) continue;
    categories[category] = (categories[category] ?? 0) + micros;
    totalMicros += micros;
  }
  return { totalMicros, categories };
}

/** The summary per operation (a request, a confirm): self-time in µs per category, and in all. */
export function perOperation(profile: ProfileSummary, operations: number): ProfileSummary {
  return {
    totalMicros: profile.totalMicros / operations,
    categories: Object.fromEntries(CATEGORY_NAMES.map((name) => [name, (profile.categories[name] ?? 0) / operations])),
  };
}

/**
 * Each node's category (undefined for idle). Built-ins without a script (JSON.parse, RegExp exec,
 * Promise internals) count for the nearest caller that has one, and so do Node's own modules
 * other than http/net/streams: JSON.stringify of a GraphQL answer is GraphQL's cost, the fs.write
 * of a log line is logging's, node:crypto's HMAC called by fast-jwt is the JWT's.
 */
function categoriseNodes(nodes: Profiler.ProfileNode[]): Map<number, string | undefined> {
  const parentOf = new Map<number, number>();
  for (const node of nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const categories = new Map<number, string | undefined>();
  const categoryOfNode = (id: number): string | undefined => {
    if (categories.has(id)) return categories.get(id);
    const { url, functionName } = byId.get(id)!.callFrame;
    const parent = parentOf.get(id);
    let category: string | undefined;
    if (functionName === '(idle)') category = undefined;
    // (program), (garbage collector), (root)
    else if (functionName.startsWith('(')) category = categoryOf(url, functionName);
    else {
      const own = url === '' ? OTHER : categoryOf(url, functionName);
      const general = own === OTHER || own === NODE_OTHER;
      const callers = general && parent !== undefined ? categoryOfNode(parent) : undefined;
      category = callers !== undefined && callers !== OTHER ? callers : own;
    }
    categories.set(id, category);
    return category;
  };
  for (const node of nodes) categoryOfNode(node.id);
  return categories;
}

/** IPC handlers for the profiled process: `profile-start` {intervalMicros}, `profile-stop` {saveTo?}. */
export function profileHandlers(): Record<string, (payload: unknown) => unknown> {
  const session = new Session();
  session.connect();
  return {
    'profile-start': async (payload) => {
      const { intervalMicros } = payload as { intervalMicros: number };
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: intervalMicros });
      await session.post('Profiler.start');
    },
    'profile-stop': async (payload) => {
      const { saveTo } = (payload ?? {}) as { saveTo?: string };
      const { profile } = await session.post('Profiler.stop');
      await session.post('Profiler.disable');
      // The raw profile opens in Chrome DevTools / speedscope for a closer look.
      if (saveTo) await writeFile(saveTo, JSON.stringify(profile));
      return summariseProfile(profile);
    },
  };
}

/** Profiles `process` while `load` runs; a sampling interval of 200 µs sees ~5 samples a request. */
export async function profileUnderLoad<T>(
  process: PinnedProcess<unknown>,
  load: () => Promise<T>,
  options: { intervalMicros?: number; saveTo?: string } = {},
): Promise<{ load: T; profile: ProfileSummary }> {
  await process.call('profile-start', { intervalMicros: options.intervalMicros ?? 200 });
  const result = await load().catch(async (error: unknown) => {
    await process.call('profile-stop').catch(() => undefined);
    throw error;
  });
  const profile = await process.call<ProfileSummary>('profile-stop', { saveTo: options.saveTo });
  return { load: result, profile };
}
