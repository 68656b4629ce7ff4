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

  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new HttpError(413, `Request body larger than ${limit} bytes.`);
    chunks.push(chunk);
  }
  if (size === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks, size).toString('utf8'));
  } catch {
    throw new HttpError(400, 'The request body is not valid JSON.');
  }
}
