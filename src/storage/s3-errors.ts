import { S3ServiceException } from '@aws-sdk/client-s3';
import { StorageUnavailableError } from './object-storage.ts';

/** Runs one call to the store; any failure becomes StorageUnavailableError(operation). */
export async function guard<T>(operation: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw new StorageUnavailableError(operation, error);
  }
}

/**
 * As guard, but the answers that mean "not there" (`missing`: 404, and 412 for a read pinned to an
 * ETag the object no longer has) resolve to null.
 */
export async function guardMissing<T>(
  operation: string,
  missing: readonly number[],
  run: () => Promise<T>,
): Promise<T | null> {
  try {
    return await run();
  } catch (error) {
    if (missing.some((status) => isStatus(error, status))) return null;
    throw new StorageUnavailableError(operation, error);
  }
}

export function isStatus(error: unknown, status: number): boolean {
  return error instanceof S3ServiceException && error.$metadata.httpStatusCode === status;
}
