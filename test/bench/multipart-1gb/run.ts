// Benchmark 4: a 1 GB file through the project's client in parts, the client killed part-way and a
// new one resuming, then verified (SHA-256 of the stored object) and linked; the API's memory and
// CPU over the whole upload against a streaming proxy taking the same file.
import type { BenchStack } from '../harness/stack.ts';
import { interleaved } from '../harness/stats.ts';
import type { BenchContext, Benchmark } from '../harness/types.ts';
import { measureServer } from '../uploads/measure.ts';
import { UPLOAD_API_ENV, uploadServers, uploadThroughProxy, type UploadServers } from '../uploads/streaming-proxy.ts';
import { writeVideoFile, type TestFile } from '../uploads/test-files.ts';
import { createPost, executorFor, expectLinked, uploadVideo } from '../uploads/ticket-client.ts';
import { uploadWithCrash } from './interrupted-upload.ts';
import { report, type MultipartSample } from './report.ts';

const MiB = 1024 * 1024;
const FILE_BYTES = 1024 * MiB;
const KILL_AT_FRACTION = 0.4;
const WARM_UP_BYTES = 17 * MiB;
const FLOWS = ['tickets', 'proxy'] as const;

export default {
  name: 'multipart-1gb',
  title: '1 GB multipart upload: interrupted, resumed, verified and linked, with API memory flat',
  apiEnv: {
    ...UPLOAD_API_ENV,
    // Lower than the default 100 MiB only so that a small warm-up upload takes the multipart path
    // too; the 1 GB file goes in parts either way, of the default 16 MiB.
    MULTIPART_THRESHOLD_BYTES: String(WARM_UP_BYTES - 1),
  },
  run: uploads,
} satisfies Benchmark;

async function uploads(stack: BenchStack, context: BenchContext) {
  const servers = await uploadServers(stack);
  // One upload in two parts each first, so neither server's first-use costs (JIT, lazy modules) count.
  const warmUp = await writeVideoFile(context.scratchDir, WARM_UP_BYTES);
  const warmUpExecute = executorFor(stack.api.info.graphqlUrl, await stack.token('warm-up'));
  expectLinked(await uploadVideo(warmUpExecute, warmUp, await createPost(warmUpExecute, 'warm-up')), warmUp);
  await uploadThroughProxy(servers.proxy, await servers.proxy.token('warm-up'), warmUp);
  const file = await writeVideoFile(context.scratchDir, FILE_BYTES);
  const results = await interleaved(FLOWS, context.rounds, async (flow, round) => {
    const sample = await (flow === 'proxy' ? throughProxy : withCrash)(servers, file, round);
    const { cost, resume } = sample;
    context.log(
      `${flow} #${round + 1}: ${cost.seconds.toFixed(1)} s, CPU ${cost.cpuMs.toFixed(0)} ms` +
        (resume
          ? `, ${resume.partsKept}/${resume.partCount} parts kept, ${resume.partsSentOnResume} sent on resume`
          : ''),
    );
    return sample;
  });
  return report({
    samples: [...results.tickets, ...results.proxy],
    rounds: context.rounds,
    fileBytes: FILE_BYTES,
    killAt: KILL_AT_FRACTION,
  });
}

async function throughProxy({ proxy, store }: UploadServers, file: TestFile, round: number): Promise<MultipartSample> {
  const token = await proxy.token(`proxy-${round}`);
  const { cost, result: key } = await measureServer(proxy.process, () => uploadThroughProxy(proxy, token, file));
  if ((await store.sha256(key)) !== file.sha256) throw new Error(`proxy round ${round}: stored bytes differ`);
  await store.remove(key);
  return { flow: 'proxy', cost };
}

async function withCrash({ stack, store }: UploadServers, file: TestFile, round: number): Promise<MultipartSample> {
  const subject = `tickets-${round}`;
  const postId = await createPost(executorFor(stack.api.info.graphqlUrl, await stack.token(subject)), subject);
  const { cost, result: resume } = await measureServer(stack.api, () =>
    uploadWithCrash(stack, file, subject, postId, KILL_AT_FRACTION),
  );
  await store.expectAttached(resume.linked.id, postId);
  if ((await store.sha256(resume.linked.key)) !== file.sha256)
    throw new Error(`tickets round ${round}: the stored object's SHA-256 differs from the file's`);
  await store.remove(resume.linked.key);
  return { flow: 'tickets', cost, resume };
}
