import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Metrics } from '../observability/metrics.ts';
import type { OperationRecord } from '../observability/operation-record.ts';
import type { Logger } from '../shared/logger.ts';

// An id the client chose is kept (it ties our line to theirs) only if it cannot hurt a log reader.
const CLIENT_REQUEST_ID = /^[\w.:-]{1,128}$/;

/** The request's id: the client's `x-request-id` when it is a plain token, else a new UUID; sent back. */
export function requestIdOf(req: IncomingMessage, res: ServerResponse): string {
  const sent = req.headers['x-request-id'];
  const id = typeof sent === 'string' && CLIENT_REQUEST_ID.test(sent) ? sent : randomUUID();
  res.setHeader('x-request-id', id);
  return id;
}

/**
 * One line per request, on completion, with what an on-call engineer searches by: the request id,
 * the GraphQL operation (root fields and the client's name for it), its outcome (the first error's
 * code, which a 200 can hide) and the duration. Never query strings, headers or bodies: they can
 * carry tokens, presigned URLs and personal data. GraphQL requests are also timed into /metrics.
 */
export function logWhenFinished(
  deps: { logger: Logger; metrics?: Metrics | undefined },
  req: IncomingMessage,
  res: ServerResponse,
  request: { path: string; requestId: string; record: OperationRecord | undefined },
): void {
  const { path, requestId, record } = request;
  const started = performance.now();
  res.once('finish', () => {
    const seconds = (performance.now() - started) / 1000;
    if (record) deps.metrics?.operations.observe({ operation: record.operation, outcome: record.outcome }, seconds);
    deps.logger.info(
      {
        requestId,
        method: req.method,
        path,
        status: res.statusCode,
        ms: Math.round(seconds * 10_000) / 10,
        ...(record
          ? { operation: record.operation, operationName: record.operationName, outcome: record.outcome }
          : {}),
      },
      'request',
    );
  });
}
