// Step 2 of an upload: the multipart/form-data POST straight to storage, with progress and abort.
// Browsers get XMLHttpRequest: it is the only browser API that reports upload progress over
// HTTP/1.1 (fetch streams request bodies only over HTTP/2 or later). Elsewhere (Node, Deno, Bun)
// fetch sends the encoded form from a stream, counting the bytes as the connection takes them.

export interface UploadProgress {
  /** Bytes of the upload request sent so far (the ticket's form fields plus the file). */
  loaded: number;
  /** Bytes in the whole request. `loaded / total` is the fraction done. */
  total: number;
}

export interface PostFormOptions {
  onProgress?: ((progress: UploadProgress) => void) | undefined;
  signal?: AbortSignal | undefined;
}

/** Storage refused the POST (e.g. 403 after the ticket expired) or could not be reached. */
export class StorageUploadError extends Error {
  override readonly name = 'StorageUploadError';
  /** The HTTP status, or 0 when no response arrived (network error, CORS refusal). */
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

// Small enough for smooth progress, large enough not to cost a write per few bytes.
const CHUNK_BYTES = 64 * 1024;

/**
 * POSTs `fields` in order, then the file last (S3 ignores fields after the file). Resolves, once
 * the store answered, with the size progress was counted in (the request's, or the file's when the
 * browser reported none); `onProgress` sees the sending only, the caller reports completion.
 */
export async function postForm(
  url: string,
  fields: readonly { name: string; value: string }[],
  file: Blob,
  filename: string,
  options: PostFormOptions = {},
): Promise<number> {
  options.signal?.throwIfAborted();
  const form = new FormData();
  for (const { name, value } of fields) form.append(name, value);
  form.append('file', file, filename);
  const total =
    typeof XMLHttpRequest === 'function'
      ? await postWithXhr(url, form, options)
      : await postWithFetch(url, form, options);
  return total ?? file.size;
}

/** Resolves with the request's size in bytes, when the browser reported it. */
function postWithXhr(
  url: string,
  form: FormData,
  { onProgress, signal }: PostFormOptions,
): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    let total: number | undefined;
    const onAbort = () => xhr.abort();
    const settle = (outcome: () => void) => {
      signal?.removeEventListener('abort', onAbort);
      outcome();
    };
    xhr.upload.onprogress = (event) => {
      if (!event.lengthComputable) return;
      total = event.total;
      onProgress?.({ loaded: event.loaded, total: event.total });
    };
    xhr.onload = () =>
      settle(() =>
        xhr.status >= 200 && xhr.status < 300
          ? resolve(total)
          : reject(new StorageUploadError(xhr.status, storageMessage(xhr.status, xhr.responseText))),
      );
    xhr.onerror = () => settle(() => reject(new StorageUploadError(0, 'The storage could not be reached.')));
    // The abort reason as given, like fetch does (usually a DOMException named AbortError).
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
    xhr.onabort = () => settle(() => reject(abortReason(signal)));
    signal?.addEventListener('abort', onAbort, { once: true });
    xhr.open('POST', url);
    xhr.send(form);
  });
}

async function postWithFetch(url: string, form: FormData, { onProgress, signal }: PostFormOptions): Promise<number> {
  // Response encodes the form exactly as fetch would, boundary included. Buffering it gives the
  // Content-Length that S3 requires for POST (it refuses chunked bodies); files are ≤ 50 MiB here.
  const encoded = new Response(form);
  const bytes = new Uint8Array(await encoded.arrayBuffer());
  let sent = 0;
  // The start, with the size to come: a form sent in one chunk reports nothing else before it is stored.
  onProgress?.({ loaded: 0, total: bytes.length });
  const body = new ReadableStream<Uint8Array>(
    {
      // Pulled only as the connection drains (highWaterMark 0), so `sent` follows the socket.
      pull(controller) {
        if (signal?.aborted) return controller.error(abortReason(signal));
        if (sent >= bytes.length) return controller.close();
        const chunk = bytes.subarray(sent, sent + CHUNK_BYTES);
        sent += chunk.length;
        controller.enqueue(chunk);
        onProgress?.({ loaded: sent, total: bytes.length });
      },
    },
    { highWaterMark: 0 },
  );
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'content-type': encoded.headers.get('content-type') ?? '', 'content-length': String(bytes.length) },
      signal: signal ?? null,
      // Required by the fetch spec for stream bodies; not yet in TypeScript's RequestInit.
      ...{ duplex: 'half' },
    });
  } catch (error) {
    if (signal?.aborted) throw abortReason(signal);
    throw new StorageUploadError(0, `The storage could not be reached (${String(error)}).`);
  }
  if (!response.ok)
    throw new StorageUploadError(response.status, storageMessage(response.status, await response.text()));
  return bytes.length;
}

function abortReason(signal: AbortSignal | undefined): unknown {
  return signal?.reason ?? new DOMException('The upload was aborted.', 'AbortError');
}

/** S3 explains refusals in XML: `<Code>AccessDenied</Code><Message>…</Message>`. */
function storageMessage(status: number, body: string): string {
  const code = /<Code>([^<]*)<\/Code>/.exec(body)?.[1];
  const message = /<Message>([^<]*)<\/Message>/.exec(body)?.[1];
  return `The storage refused the upload (HTTP ${status}${code ? ` ${code}` : ''})${message ? `: ${message}` : '.'}`;
}
