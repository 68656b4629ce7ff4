/**
 * The storage port: the few things the service needs from an S3-compatible store. Services
 * depend on this interface only; `s3-object-storage.ts` is the one adapter.
 */
export interface PresignPostRequest {
  key: string;
  contentType: string;
  byteSize: number;
  expiresInSeconds: number;
  /** Base64 MD5 the store must check the bytes against (a Content-MD5 field bound into the policy). */
  contentMd5?: string | undefined;
}

export interface PresignPutRequest extends PresignPostRequest {
  /** Base64 SHA-256 the store checks where it supports x-amz-checksum-sha256 (AWS S3). */
  checksumSha256?: string | undefined;
}

export interface PresignedPut {
  url: string;
  /** Headers the client must send as given: they are part of the signature. */
  headers: { name: string; value: string }[];
  expiresAt: Date;
}

export interface PresignedPost {
  url: string;
  /** In the order the client must send them, before the file field. */
  fields: { name: string; value: string }[];
  /** The instant written into the signed policy. */
  expiresAt: Date;
}

export interface PresignPartRequest {
  key: string;
  uploadId: string;
  partNumber: number;
  byteSize: number;
  expiresInSeconds: number;
}

export interface StoredPart {
  partNumber: number;
  byteSize: number;
  etag: string;
}

export interface StoredObjectHead {
  byteSize: number;
  contentType: string | undefined;
  etag: string | undefined;
  /** The SHA-256 (base64) the store verified and kept with the object, if it did. */
  checksumSha256: string | undefined;
}

export interface PresignGetRequest {
  key: string;
  expiresInSeconds: number;
  /** Sent back as the response's Content-Type, whatever the object's metadata says. */
  responseContentType: string;
  responseContentDisposition: string;
  /** The signature's date (X-Amz-Date), when not now: URLs signed for one instant are identical. */
  signedAt?: Date | undefined;
}

export interface CopyRequest {
  sourceKey: string;
  destinationKey: string;
  /** The copy happens only while the source still has this ETag (the bytes that were checked). */
  ifMatch: string;
  byteSize: number;
  /** Written as the copy's Content-Type; nothing else of the source's metadata is kept. */
  contentType: string;
  /** Ask the store to compute the copy's SHA-256 (where it can: AWS S3). */
  withChecksumSha256: boolean;
}

export interface CopiedObject {
  etag: string | undefined;
  /** The SHA-256 (base64) the store computed over the copy's bytes, if it did. */
  checksumSha256: string | undefined;
}

export interface ListedObject {
  key: string;
  lastModified: Date;
}

export interface ListedUpload {
  key: string;
  uploadId: string;
  initiated: Date;
}

export interface ObjectStorage {
  presignPost(request: PresignPostRequest): Promise<PresignedPost>;
  presignPut(request: PresignPutRequest): Promise<PresignedPut>;
  presignGet(request: PresignGetRequest): Promise<string>;
  /** null when there is no such object. */
  head(key: string): Promise<StoredObjectHead | null>;
  /**
   * The first `length` bytes (fewer if the object is shorter); null when there is no such object
   * or it no longer has the given ETag (it was replaced between the two calls).
   */
  readStart(key: string, length: number, ifMatch?: string): Promise<Uint8Array | null>;
  /** The whole object, streamed (for checksums no store verified); null as for readStart. */
  readAll(key: string, ifMatch?: string): Promise<AsyncIterable<Uint8Array> | null>;
  /**
   * A server-side copy (CopyObject, or UploadPartCopy above the store's single-copy limit); no
   * byte passes through the API. null when the source is gone or no longer has `ifMatch`.
   */
  copy(request: CopyRequest): Promise<CopiedObject | null>;
  /** Every object under the prefix, a page (at most 1,000) at a time. */
  listObjects(prefix: string): AsyncIterable<ListedObject[]>;
  /** Every unfinished multipart upload under the prefix, a page at a time. */
  listMultipartUploads(prefix: string): AsyncIterable<ListedUpload[]>;
  /** Succeeds when the object is already gone. */
  delete(key: string): Promise<void>;
  /** Starts a multipart upload; returns the store's upload id. */
  createMultipartUpload(key: string, contentType: string): Promise<string>;
  /** A presigned UploadPart whose Content-Length is signed: the store refuses another size. */
  presignUploadPart(request: PresignPartRequest): Promise<PresignedPut>;
  /** Every part the store holds, in order; null when there is no such upload (completed or aborted). */
  listParts(key: string, uploadId: string): Promise<StoredPart[] | null>;
  completeMultipartUpload(key: string, uploadId: string, parts: readonly StoredPart[]): Promise<void>;
  /** Frees the stored parts; succeeds when the upload is already gone. */
  abortMultipartUpload(key: string, uploadId: string): Promise<void>;
  /**
   * Deletes up to MAX_DELETE_BATCH objects in one request; keys already gone count as deleted.
   * Resolves with the keys the store could not delete (and why) rather than failing the batch.
   */
  deleteMany(keys: readonly string[]): Promise<{ failed: { key: string; reason: string }[] }>;
  /** Throws StorageUnavailableError unless the bucket answers. */
  ping(): Promise<void>;
}

/** S3's limit for one DeleteObjects request. */
export const MAX_DELETE_BATCH = 1000;

/** The store could not be reached or failed: the caller may retry later. */
export class StorageUnavailableError extends Error {
  constructor(operation: string, cause: unknown) {
    super(`Storage unavailable during ${operation}`, { cause });
    this.name = 'StorageUnavailableError';
  }
}
