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

export function isStatus(error: unknown, status: number): boolean {
  return error instanceof S3ServiceException && error.$metadata.httpStatusCode === status;
}
