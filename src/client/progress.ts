// Upload progress as apps draw it: rising, and 100 % exactly once, when the store holds every byte.
// The transports cannot say that alone: XMLHttpRequest reports loaded = total once the last byte
// left (before the store answered), a counted stream reports it when the last chunk was taken, and
// a multipart upload reaches it both for the last part's bytes sent and for that part stored.
import type { UploadProgress } from './post-form.ts';

export interface ProgressReporter {
  /** While sending: passed on only when it rises and is below 100 %. */
  sending: (progress: UploadProgress) => void;
  /** The store answered that it holds everything: the one 100 %. */
  stored: (total: number) => void;
}

export function progressReporter(onProgress: ((progress: UploadProgress) => void) | undefined): ProgressReporter {
  let last = -1;
  let done = false;
  return {
    sending(progress) {
      if (done || progress.loaded >= progress.total || progress.loaded <= last) return;
      last = progress.loaded;
      onProgress?.(progress);
    },
    stored(total) {
      if (done) return;
      done = true;
      onProgress?.({ loaded: total, total });
    },
  };
}
