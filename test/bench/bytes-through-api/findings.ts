// The findings of the bytes-through-api benchmark: its figures in words, and where a missed target's cost is.
import { median } from '../harness/stats.ts';
import { formatBytes, formatNumber, ratio } from '../harness/report.ts';
import type { BytesSample } from './report.ts';
import { uploadBytes, type ServerCost } from '../uploads/measure.ts';

export const BYTES_TARGET = 4 * 1024;
export const RSS_TARGET = 5 * 1024 * 1024;

/** What the figures mean, with the ticket flow's bytes broken down by peer where the target misses. */
export function bytesFindings(samples: BytesSample[], sizes: number[]): string {
  const med = (flow: BytesSample['flow'], size: number, pick: (cost: ServerCost) => number) =>
    median(samples.filter((s) => s.flow === flow && s.byteSize === size).map((s) => pick(s.cost)));
  const bytes = (size: number) => med('tickets', size, (c) => uploadBytes(c.bytes));
  const way = (size: number, peer: 'client' | 's3' | 'pg') =>
    `${formatBytes(med('tickets', size, (c) => c.bytes[peer].received))} in / ` +
    `${formatBytes(med('tickets', size, (c) => c.bytes[peer].sent))} out`;
  const smallest = sizes[0]!;
  const largest = sizes[sizes.length - 1]!;
  const worst = Math.max(...sizes.map(bytes));
  const peaks = sizes.map((size) => med('tickets', size, (c) => c.peakGrowthBytes));
  const proxyPeaks = sizes.map((size) => med('proxy', size, (c) => c.peakGrowthBytes));
  const cpu = (flow: BytesSample['flow']) => med(flow, largest, (c) => c.cpuMs);
  const heapPeaks = (flow: BytesSample['flow']) => sizes.map((size) => med(flow, size, (c) => c.peakHeapGrowthBytes));
  const list = (values: number[]) => values.map((value, i) => `${formatBytes(value)} (${formatBytes(sizes[i]!)})`);

  const bytesText =
    worst <= BYTES_TARGET
      ? `The API's bytes with the client and S3 stay within the ${formatBytes(BYTES_TARGET)} target at every size.`
      : `The ${formatBytes(BYTES_TARGET)} target (counted here as the API's bytes with the client and S3, headers
included, PostgreSQL left out) misses at ${sizes.filter((size) => bytes(size) > BYTES_TARGET).length} of ${sizes.length}
sizes: ${list(sizes.map(bytes)).join(', ')}, at worst by ${ratio(worst, BYTES_TARGET)}. At ${formatBytes(smallest)} the client
exchange is ${way(smallest, 'client')} (two GraphQL requests with their operation text and bearer token; the
answer carries the signed POST policy and form fields, and the confirmed file with its signed download URL)
and S3 ${way(smallest, 's3')} (confirmUpload's HEAD and the ranged GET that sniffs the type: up to 4 KiB of the
file come back, the whole file when it is smaller). At ${formatBytes(largest)} (multipart) the client exchange
grows to ${way(largest, 'client')}, nearly all of it the signed URLs of the parts (one per part, each several
hundred bytes of query string), and S3 to ${way(largest, 's3')}: listing the parts (the client's uploadedParts,
and confirm) and the CompleteMultipartUpload request with one ETag per part. PostgreSQL adds
${way(smallest, 'pg')} at ${formatBytes(smallest)} and ${way(largest, 'pg')} at ${formatBytes(largest)}
(Prisma's statements and results for the ticket, the post check, the confirm transaction). A budget of
${formatBytes(BYTES_TARGET)} is below what the sniff read and the signed policy cost on their own; none of these
bytes depends on the file's size except the per-part URLs and ETags.`;
  const worstPeak = Math.max(...peaks);
  return `With tickets the file never passes through the API; the proxy moves it twice (in from the client, out to
S3). ${bytesText}

API peak RSS growth per upload: ${list(peaks).join(', ')} — ${
    worstPeak < RSS_TARGET
      ? `under ${formatBytes(RSS_TARGET)} at every size (target met)`
      : `over ${formatBytes(RSS_TARGET)} at worst by ${formatBytes(worstPeak - RSS_TARGET)} (target missed)`
  }; none of it is file data. The JS heap in use, sampled every quarter second (short peaks between samples are
missed), rose at most ${list(heapPeaks('tickets')).join(', ')}; the rest is memory outside the counted JS objects
(V8's young-generation spaces, which grow when many objects survive a collection, the allocator, socket buffers)
taken for the upload's GraphQL, Prisma and S3 requests (more of them for a multipart upload: signing and listing
parts) and not yet returned. The benchmark does not pin it down further.
The proxy's RSS peak: ${list(proxyPeaks).join(', ')} (JS heap ${list(heapPeaks('proxy')).join(', ')}): the file's
bytes pass through its socket and stream buffers, which live outside the JS heap. At ${formatBytes(largest)} the API spent ${formatNumber(cpu('tickets'))} ms of CPU per upload,
the proxy ${formatNumber(cpu('proxy'))} ms (${ratio(cpu('proxy'), cpu('tickets'))}).`;
}
