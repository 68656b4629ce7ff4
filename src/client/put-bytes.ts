// One part of a multipart upload: a PUT of exact bytes to a presigned URL. XMLHttpRequest in
// browsers (upload progress); fetch elsewhere, where a Blob body carries its own Content-Length.
import { StorageUploadError } from './post-form.ts';

export interface PutOptions {
  headers: readonly { name: string; value: string }[];
  /** Bytes of this PUT sent so far. */
  onProgress?: ((loaded: number) => void) | undefined;
  signal?: AbortSignal | undefined;
}

// Set by the browser or fetch from the body itself; setting them by hand is refused.
const COMPUTED = new Set(['content-length', 'host']);

export function putBytes(url: string, body: Blob, options: PutOptions): Promise<void> {
  options.signal?.throwIfAborted();
  return typeof XMLHttpRequest === 'function' ? putWithXhr(url, body, options) : putWithFetch(url, body, options);
}

function putWithXhr(url: string, body: Blob, { headers, onProgress, signal }: PutOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const onAbort = () => xhr.abort();
    const settle = (outcome: () => void) => {
      signal?.removeEventListener('abort', onAbort);
      outcome();
    };
    xhr.upload.onprogress = (event) => onProgress?.(event.loaded);
    xhr.onload = () =>
      settle(() =>
        xhr.status >= 200 && xhr.status < 300
          ? resolve()
          : reject(new StorageUploadError(xhr.status, `The storage refused a part (HTTP ${xhr.status}).`)),
      );
    xhr.onerror = () => settle(() => reject(new StorageUploadError(0, 'The storage could not be reached.')));
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
    xhr.onabort = () => settle(() => reject(signal?.reason ?? new DOMException('Aborted', 'AbortError')));
    signal?.addEventListener('abort', onAbort, { once: true });
    xhr.open('PUT', url);
    for (const { name, value } of headers) if (!COMPUTED.has(name.toLowerCase())) xhr.setRequestHeader(name, value);
    xhr.send(body);
  });
}

async function putWithFetch(url: string, body: Blob, { headers, onProgress, signal }: PutOptions): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'PUT',
      body,
      headers: Object.fromEntries(
        headers.filter(({ name }) => !COMPUTED.has(name.toLowerCase())).map(({ name, value }) => [name, value]),
      ),
      signal: signal ?? null,
    });
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw new StorageUploadError(0, `The storage could not be reached (${String(error)}).`);
  }
  if (!response.ok)
    throw new StorageUploadError(response.status, `The storage refused a part (HTTP ${response.status}).`);
  onProgress?.(body.size); // fetch reports no upload progress: the part counts once it is stored
}
