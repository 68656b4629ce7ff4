/**
 * Whether an error means "the database could not do this now" (down, unreachable, hung, out of
 * connections, past a deadline): the request changed nothing and is worth retrying, so clients
 * get DATABASE_UNAVAILABLE instead of INTERNAL_SERVER_ERROR. The one place that knows the codes,
 * of every layer an error passes through on its way up:
 */

/** Node's socket errors, as the pg driver passes them on. */
const SOCKET_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/** PostgreSQL's SQLSTATEs (class 08, connection exceptions, is matched by its prefix). */
const SQLSTATES = new Set([
  '57P01', // admin_shutdown: the server is stopping, or pg_terminate_backend
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up, in recovery
  '53300', // too_many_connections
  '57014', // query_canceled: statement_timeout (DB_STATEMENT_TIMEOUT_MS)
  '55P03', // lock_not_available: lock_timeout
  '40001', // serialization_failure: retrying succeeds
  '40P01', // deadlock_detected: one side was rolled back, retrying succeeds
]);

/** Prisma's own codes for the same situations. */
const PRISMA_CODES = new Set([
  'P1001', // can't reach the database server
  'P1002', // the server was reached but timed out
  'P1008', // operations timed out
  'P1017', // the server closed the connection
  'P2024', // timed out fetching a connection from the pool
  'P2028', // transaction API error: could not start in time, or expired
  'P2034', // transaction failed on a write conflict or deadlock: retry
]);

/** Kinds of Prisma's driver-adapter errors (`DriverAdapterError.cause.kind`). */
const ADAPTER_KINDS = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
  'TransactionAlreadyClosed',
  'TransactionWriteConflict',
]);

/** Messages without a code: pg's client-side timeouts and closed connections. */
const MESSAGES =
  /timeout exceeded when trying to connect|Query read timeout|Connection terminated|connection error and is not queryable|Client has encountered a connection error|Can't reach database|Unable to start a transaction in the given time|Transaction already closed|expired transaction/i;

export function isDatabaseUnavailable(error: unknown): boolean {
  return causes(error).some(matches);
}

/** The error and the errors it wraps (`cause`), at most six deep. */
function causes(error: unknown): Error[] {
  const chain: Error[] = [];
  for (let cause = error; cause instanceof Error && chain.length < 6; cause = cause.cause) chain.push(cause);
  return chain;
}

function matches(error: Error): boolean {
  const { code, kind } = error as { code?: unknown; kind?: unknown };
  if (typeof code === 'string') {
    if (SOCKET_ERRORS.has(code) || SQLSTATES.has(code) || PRISMA_CODES.has(code) || code.startsWith('08')) return true;
  }
  if (typeof kind === 'string' && ADAPTER_KINDS.has(kind)) return true;
  // A driver-adapter error keeps the driver's details in a plain object, not an Error; Prisma's
  // request error (P2010, a raw query failed) carries that adapter error in `meta`.
  const { cause, meta } = error as { cause?: unknown; meta?: { driverAdapterError?: { cause?: unknown } } };
  const adapterDetails = meta?.driverAdapterError?.cause ?? cause;
  if (adapterDetails && typeof adapterDetails === 'object' && !(adapterDetails instanceof Error)) {
    const details = adapterDetails as { kind?: unknown; originalCode?: unknown; code?: unknown };
    if (typeof details.kind === 'string' && ADAPTER_KINDS.has(details.kind)) return true;
    for (const value of [details.originalCode, details.code]) {
      if (typeof value === 'string' && (SQLSTATES.has(value) || value.startsWith('08') || SOCKET_ERRORS.has(value)))
        return true;
    }
  }
  return MESSAGES.test(error.message);
}

/**
 * Whether a statement failed on a foreign key (SQLSTATE 23503): a row it refers to was deleted
 * after the caller checked it (e.g. a post deleted while a ticket for it was being issued).
 */
export function isForeignKeyViolation(error: unknown): boolean {
  // Raised through a prepared statement (db/prisma.ts StatementError), which keeps the SQLSTATE.
  return causes(error).some((cause) => (cause as { code?: unknown }).code === '23503');
}
