// The findings of the bytes-through-api benchmark: its figures in words, and where a missed target's cost is.
import { formatBytes as b, formatNumber, ratio } from '../harness/report.ts';
import { RSS_TARGET } from '../uploads/measure.ts';
import type { CostMedians, Flow } from './report.ts';

export const BYTES_TARGET = 4 * 1024;

/** What the figures mean, with the ticket flow's bytes broken down by peer where the target misses. */
export function bytesFindings(med: CostMedians, sizes: number[]): string {
  return `With tickets the file never passes through the API; the proxy moves it twice (in from the client, out to
S3). ${bytesText(med, sizes)}

${memoryText(med, sizes)}`;
}

function bytesText(med: CostMedians, sizes: number[]): string {
  const bytes = (size: number) => med('tickets', size).upload;
  const worst = Math.max(...sizes.map(bytes));
  if (worst <= BYTES_TARGET) {
    return `The API's bytes with the client and S3 stay within the ${b(BYTES_TARGET)} target at every size.`;
  }
  const way = (size: number, peer: 'Client' | 'S3' | 'Pg') =>
    `${b(med('tickets', size)[`from${peer}`])} in / ${b(med('tickets', size)[`to${peer}`])} out`;
  const [smallest, largest] = [sizes[0]!, sizes[sizes.length - 1]!];
  return `The ${b(BYTES_TARGET)} target (counted here as the API's bytes with the client and S3, headers
included, PostgreSQL left out) misses at ${sizes.filter((size) => bytes(size) > BYTES_TARGET).length} of ${sizes.length}
sizes: ${list(sizes.map(bytes), sizes)}, at worst by ${ratio(worst, BYTES_TARGET)}. At ${b(smallest)} the client
exchange is ${way(smallest, 'Client')} (two GraphQL requests with their operation text and bearer token; the
answer carries the signed POST policy and form fields, and the confirmed file with its signed download URL)
and S3 ${way(smallest, 'S3')} (confirmUpload's HEAD and the ranged GET that sniffs the type: up to 4 KiB of the
file come back, the whole file when it is smaller). At ${b(largest)} (multipart) the client exchange
grows to ${way(largest, 'Client')}, nearly all of it the signed URLs of the parts (one per part, each several
hundred bytes of query string), and S3 to ${way(largest, 'S3')}: listing the parts (the client's uploadedParts,
and confirm) and the CompleteMultipartUpload request with one ETag per part. PostgreSQL adds
${way(smallest, 'Pg')} at ${b(smallest)} and ${way(largest, 'Pg')} at ${b(largest)}
(Prisma's statements and results for the ticket, the post check, the confirm transaction). A budget of
${b(BYTES_TARGET)} is below what the sniff read and the signed policy cost on their own; none of these
bytes depends on the file's size except the per-part URLs and ETags.`;
}

function memoryText(med: CostMedians, sizes: number[]): string {
  const peaks = (flow: Flow) => sizes.map((size) => med(flow, size).peakGrowthBytes);
  const heapPeaks = (flow: Flow) => sizes.map((size) => med(flow, size).peakHeapGrowthBytes);
  const cpu = (flow: Flow) => med(flow, sizes[sizes.length - 1]!).cpuMs;
  const worstPeak = Math.max(...peaks('tickets'));
  return `API peak RSS growth per upload: ${list(peaks('tickets'), sizes)} — ${
    worstPeak < RSS_TARGET
      ? `under ${b(RSS_TARGET)} at every size (target met)`
      : `over ${b(RSS_TARGET)} at worst by ${b(worstPeak - RSS_TARGET)} (target missed)`
  }; none of it is file data. The JS heap in use, sampled every quarter second (short peaks between samples are
missed), rose at most ${list(heapPeaks('tickets'), sizes)}; the rest is memory outside the counted JS objects
(V8's young-generation spaces, which grow when many objects survive a collection, the allocator, socket buffers)
taken for the upload's GraphQL, Prisma and S3 requests (more of them for a multipart upload: signing and listing
parts) and not yet returned. The benchmark does not pin it down further.
The proxy's RSS peak: ${list(peaks('proxy'), sizes)} (JS heap ${list(heapPeaks('proxy'), sizes)}): the file's
bytes pass through its socket and stream buffers, which live outside the JS heap. At ${b(sizes[sizes.length - 1]!)} the API spent ${formatNumber(cpu('tickets'))} ms of CPU per upload,
the proxy ${formatNumber(cpu('proxy'))} ms (${ratio(cpu('proxy'), cpu('tickets'))}).`;
}

/** "10 KB (1 KB), …": each value with the file size it was measured at. */
const list = (values: number[], sizes: number[]) =>
  values.map((value, i) => `${b(value)} (${b(sizes[i]!)})`).join(', ');
