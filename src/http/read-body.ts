import type { IncomingMessage } from 'node:http';

export class HttpError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/**
 * Reads a JSON request body, refusing more than `limit` bytes before buffering them. Bodies of
 * other types are not read: Apollo answers those requests with a 400 that says what it expects.
 */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) return undefined;
  const charset = /;\s*charset=("?)([^";]+)\1/i.exec(type)?.[2];
  if (charset && charset.toLowerCase() !== 'utf-8')
    throw new HttpError(415, `Unsupported charset "${charset}"; use utf-8.`);
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new HttpError(413, `Request body larger than ${limit} bytes.`);

  const body = await readBytes(req, limit);
  if (body === undefined) return undefined;
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new HttpError(400, 'The request body is not valid JSON.');
  }
}

/**
 * The body's bytes (undefined when empty), through the stream's events: an async iterator over the
 * request (for await) cost several promises and a listener set per request, on every request.
 * Past `limit` the request is destroyed and nothing more is read.
 */
function readBytes(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    // Gone while the request waited (for its rate limit, say): its 'close' has already been emitted.
    if (req.destroyed) {
      reject(closedEarly());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      req.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        done();
        req.destroy();
        reject(new HttpError(413, `Request body larger than ${limit} bytes.`));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      done();
      if (size === 0) resolve(undefined);
      else resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      done();
      reject(error);
    };
    // Closed before the end (the client went away): settle rather than wait for an end that never comes.
    const onClose = () => {
      done();
      reject(closedEarly());
    };
    req.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}

const closedEarly = () => new Error('The request was closed before its body ended.');
