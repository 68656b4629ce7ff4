// The confirm's object calls (HEAD, the ranged GET, CopyObject, DELETE), signed and sent directly
// (s3-signed-requests.ts), with the answers the SDK would have parsed read here.
import type { IncomingHttpHeaders } from 'node:http';
import {
  StorageUnavailableError,
  type CopiedObject,
  type CopyRequest,
  type StoredObjectHead,
} from './object-storage.ts';
import { copySource } from './s3-bucket-url.ts';
import { succeeded, type ObjectResponse } from './s3-exchange.ts';
import { guard } from './s3-errors.ts';
import type { SendObjectRequest } from './s3-signed-requests.ts';
import { errorCode, xmlText } from './s3-xml.ts';

/** Error documents are small; a CopyObject answer may be preceded by the store's keep-alive spaces. */
const MAX_ANSWER_BYTES = 1024 ** 2;

/** null when there is no such object. */
export async function headObject(send: SendObjectRequest, key: string): Promise<StoredObjectHead | null> {
  // x-amz-checksum-mode: the store returns the SHA-256 it verified on upload, if it kept one.
  const response = await guard('HeadObject', () =>
    send({ method: 'HEAD', key, headers: { 'x-amz-checksum-mode': 'ENABLED' }, maxBodyBytes: 0 }),
  );
  if (response.status === 404) return null;
  expectSuccess('HeadObject', response);
  return {
    byteSize: Number(header(response.headers, 'content-length') ?? 0),
    contentType: header(response.headers, 'content-type'),
    etag: header(response.headers, 'etag'),
    checksumSha256: header(response.headers, 'x-amz-checksum-sha256'),
  };
}

/** The first `length` bytes; null when the object is gone or no longer has `ifMatch`. */
export async function readObjectStart(
  send: SendObjectRequest,
  key: string,
  length: number,
  ifMatch: string | undefined,
): Promise<Uint8Array | null> {
  const response = await guard('GetObject', () =>
    send({
      method: 'GET',
      key,
      headers: { range: `bytes=0-${length - 1}`, ...(ifMatch ? { 'if-match': ifMatch } : {}) },
      // A store that ignores Range sends the whole object: only the bytes asked for are read.
      maxBodyBytes: length,
    }),
  );
  if (response.status === 404 || response.status === 412) return null;
  expectSuccess('GetObject', response);
  return response.body;
}

/** One CopyObject pinned to `ifMatch`; null when the source is gone or has other bytes. */
export async function copySingleObject(
  send: SendObjectRequest,
  bucket: string,
  request: CopyRequest,
): Promise<CopiedObject | null> {
  const response = await guard('CopyObject', () =>
    send({
      method: 'PUT',
      key: request.destinationKey,
      headers: {
        'x-amz-copy-source': copySource(bucket, request.sourceKey),
        'x-amz-copy-source-if-match': request.ifMatch,
        // REPLACE: the copy gets only what is given here. With COPY, user metadata and headers an
        // upload could set (x-amz-meta-*, Cache-Control, Content-Disposition) would be kept.
        'x-amz-metadata-directive': 'REPLACE',
        'content-type': request.contentType,
        ...(request.withChecksumSha256 ? { 'x-amz-checksum-algorithm': 'SHA256' } : {}),
      },
      maxBodyBytes: MAX_ANSWER_BYTES,
      failedDespiteStatus: copyFailed,
    }),
  );
  if (response.status === 404 || response.status === 412) return null;
  expectSuccess('CopyObject', response);
  if (copyFailed(response)) throw failure('CopyObject', response);
  const result = response.body.toString('utf8');
  return { etag: xmlText(result, 'ETag'), checksumSha256: xmlText(result, 'ChecksumSHA256') };
}

/** Succeeds when the object is already gone. */
export async function deleteObject(send: SendObjectRequest, key: string): Promise<void> {
  const response = await guard('DeleteObject', () => send({ method: 'DELETE', key, maxBodyBytes: MAX_ANSWER_BYTES }));
  // 404 NoSuchKey: already gone. A missing bucket is not "deleted".
  if (response.status === 404 && errorCode(response) !== 'NoSuchBucket') return;
  expectSuccess('DeleteObject', response);
}

/**
 * S3 answers a CopyObject with 200 before the copy is done, and reports a copy that failed later
 * as an <Error> document in that 200's body (the SDK's "200 error" rule).
 */
function copyFailed(response: ObjectResponse): boolean {
  return response.truncated || !response.body.includes('<CopyObjectResult');
}

function expectSuccess(operation: string, response: ObjectResponse): void {
  if (!succeeded(response.status)) throw failure(operation, response);
}

/** The store's own words (its error code and message) for the log; the client sees only the code. */
function failure(operation: string, response: ObjectResponse): StorageUnavailableError {
  const document = response.body.toString('utf8');
  const code = xmlText(document, 'Code') ?? 'no error code';
  const message = xmlText(document, 'Message') ?? '';
  return new StorageUnavailableError(operation, new Error(`HTTP ${response.status} ${code} ${message}`.trim()));
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
