/**
 * The storage port: the few things the service needs from an S3-compatible store. Services
 * depend on this interface only; `s3-object-storage.ts` is the one adapter.
 */
export interface PresignPostRequest {
  key: string;
  contentType: string;
  byteSize: number;
  expiresInSeconds: number;
}

export interface PresignedPost {
  url: string;
  /** In the order the client must send them, before the file field. */
  fields: { name: string; value: string }[];
  /** The instant written into the signed policy. */
  expiresAt: Date;
}

export interface StoredObjectHead {
  byteSize: number;
  contentType: string | undefined;
  etag: string | undefined;
}

export interface PresignGetRequest {
  key: string;
  expiresInSeconds: number;
  /** Sent back as the response's Content-Type, whatever the object's metadata says. */
  responseContentType: string;
  responseContentDisposition: string;
}

export interface ObjectStorage {
  presignPost(request: PresignPostRequest): Promise<PresignedPost>;
  presignGet(request: PresignGetRequest): Promise<string>;
  /** null when there is no such object. */
  head(key: string): Promise<StoredObjectHead | null>;
  /**
   * The first `length` bytes (fewer if the object is shorter); null when there is no such object
   * or it no longer has the given ETag (it was replaced between the two calls).
   */
  readStart(key: string, length: number, ifMatch?: string): Promise<Uint8Array | null>;
  /** Succeeds when the object is already gone. */
  delete(key: string): Promise<void>;
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
