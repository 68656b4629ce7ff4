// Benchmark 3: what one upload costs the API in bytes on its sockets, CPU and memory, for files
// from 1 KB to 1 GB: the ticket flow (the project's client; the API never sees the file) vs a
// streaming proxy that receives the file and passes it on to S3.
import type { BenchStack } from '../harness/stack.ts';
import { interleaved } from '../harness/stats.ts';
import type { BenchContext, Benchmark } from '../harness/types.ts';
import { measureServer } from '../uploads/measure.ts';
import { UPLOAD_API_ENV, uploadServers, uploadThroughProxy, type UploadServers } from '../uploads/streaming-proxy.ts';
import { writeVideoFile, type TestFile } from '../uploads/test-files.ts';
import { createPost, executorFor, expectLinked, uploadVideo } from '../uploads/ticket-client.ts';
import { FLOWS, report, type BytesSample, type Flow } from './report.ts';

const KiB = 1024;
const MiB = 1024 * KiB;
const SIZES = [KiB, 10 * MiB, 100 * MiB, 1024 * MiB];

export default {
  name: 'bytes-through-api',
  title: 'Bytes and memory through the API per upload: tickets vs a streaming proxy',
  apiEnv: UPLOAD_API_ENV,
  run: uploads,
} satisfies Benchmark;

async function uploads(stack: BenchStack, context: BenchContext) {
  const servers = await uploadServers(stack);
  const samples: BytesSample[] = [];
  // One upload each first, so neither server's first-use costs (JIT, lazy modules, pools) count.
  const warmUp = await writeVideoFile(context.scratchDir, 64 * KiB);
  for (const flow of FLOWS) await uploadOnce(servers, flow, warmUp, `warm-up-${flow}`);
  for (const byteSize of SIZES) {
    const file = await writeVideoFile(context.scratchDir, byteSize);
    const results = await interleaved(FLOWS, context.rounds, async (flow, round) => {
      const sample = await uploadOnce(servers, flow, file, `${flow}-${byteSize}-${round}`);
      context.log(
        `${flow} ${file.filename} #${round + 1}: ${sample.cost.seconds.toFixed(1)} s, ` +
          `CPU ${sample.cost.cpuMs.toFixed(0)} ms, peak RSS growth ${(sample.cost.peakGrowthBytes / MiB).toFixed(1)} MB`,
      );
      return sample;
    });
    samples.push(...FLOWS.flatMap((flow) => results[flow]));
  }
  return report({ samples, rounds: context.rounds, sizes: SIZES });
}

async function uploadOnce(servers: UploadServers, flow: Flow, file: TestFile, subject: string): Promise<BytesSample> {
  const { stack, proxy, store } = servers;
  if (flow === 'proxy') {
    const token = await proxy.token(subject);
    const { cost, result: key } = await measureServer(proxy.process, () => uploadThroughProxy(proxy, token, file));
    await store.expectSize(key, file.byteSize);
    await store.remove(key);
    return { flow, byteSize: file.byteSize, cost, s3Requests: {} };
  }
  const execute = executorFor(stack.api.info.graphqlUrl, await stack.token(subject));
  const postId = await createPost(execute, `bench ${subject}`);
  await stack.resetCounters();
  const { cost, result } = await measureServer(stack.api, () => uploadVideo(execute, file, postId));
  const linked = expectLinked(result, file);
  const s3Requests = (await stack.s3Counts()).requests;
  await store.expectAttached(linked.id, postId);
  await store.expectSize(linked.key, file.byteSize);
  await store.remove(linked.key);
  return { flow, byteSize: file.byteSize, cost, s3Requests };
}
