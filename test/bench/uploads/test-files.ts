// Files to upload, written to the scratch directory a chunk at a time (a 1 GB file is never held
// in memory), with the SHA-256 of what was written so the stored object can be checked against it.
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';

export interface TestFile {
  path: string;
  byteSize: number;
  contentType: string;
  filename: string;
  sha256: string;
}

const CHUNK_BYTES = 1024 * 1024;

/**
 * An MP4 as the API sniffs it (an `ftyp` box first, brand `isom`), then random filler: VIDEO is the
 * purpose that takes every size from 1 KB to 1 GB, and random bytes cannot be compressed on the way.
 */
export async function writeVideoFile(dir: string, byteSize: number): Promise<TestFile> {
  const filename = `clip-${byteSize}.mp4`;
  const file = path.join(dir, filename);
  const filler = randomBytes(CHUNK_BYTES);
  const ftyp = Buffer.from([0, 0, 0, 0x18, ...Buffer.from('ftypisom'), 0, 0, 2, 0, ...Buffer.from('isomiso2')]);
  const hash = createHash('sha256');
  const out = createWriteStream(file);
  for (let offset = 0; offset < byteSize; offset += CHUNK_BYTES) {
    const chunk = Buffer.from(filler.subarray(0, Math.min(CHUNK_BYTES, byteSize - offset)));
    if (offset === 0) ftyp.copy(chunk, 0, 0, Math.min(ftyp.length, chunk.length));
    // Each chunk differs from the last, so a part stored twice or out of order changes the hash.
    chunk.writeUInt32BE(offset / CHUNK_BYTES, Math.min(chunk.length - 4, ftyp.length));
    hash.update(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return { path: file, byteSize, contentType: 'video/mp4', filename, sha256: hash.digest('hex') };
}
