// Units the limits are written in.
export const MiB = 1024 ** 2;
export const GiB = 1024 ** 3;
/** The longest validity S3 allows for a presigned URL. */
export const WEEK_SECONDS = 7 * 24 * 3600;
