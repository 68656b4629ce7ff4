// Proof that the figures are for real work: every ticket row is there, and a ticket from each
// endpoint really lets a client store the file (and the API's confirms it).
import { graphqlClient } from '../../support/graphql-client.ts';
import { pngBytes } from '../../support/sample-files.ts';
import { confirm, issueTicket, postToStorage, type Ticket } from '../../support/upload-client.ts';
import type { LoadResult } from '../harness/load.ts';
import { withAdminClient } from '../../support/test-database.ts';
import { UPLOAD, type Endpoints } from './variants.ts';

export function countTicketRows(databaseUrl: string): Promise<number> {
  return withAdminClient(databaseUrl, async (client) => {
    const { rows } = await client.query<{ n: number }>(`SELECT COUNT(*)::int AS n FROM "UploadTicket"`);
    return rows[0]!.n;
  });
}

/**
 * Throws unless every response was a ticket and, when `rows` are given, each answered request
 * left exactly one row.
 */
export function checkRun(label: string, load: LoadResult, rows?: { rowsAdded?: number; connections: number }): void {
  if (load.requests === 0) throw new Error(`${label}: no request completed`);
  if (load.failures > 0) throw new Error(`${label}: ${load.failures} of ${load.requests} responses were not tickets`);
  if (rows?.rowsAdded === undefined) return;
  // Requests still in flight when the run stopped may have written their row without being counted.
  if (rows.rowsAdded < load.requests || rows.rowsAdded > load.requests + rows.connections) {
    throw new Error(`${label}: ${load.requests} tickets answered but ${rows.rowsAdded} ticket rows written`);
  }
}

/** One ticket of each kind, used the way a browser would: the file must land (and confirm). */
export async function checkTicketsWork(endpoints: Endpoints, token: string): Promise<void> {
  const bytes = pngBytes(UPLOAD.byteSize);
  const api = graphqlClient(endpoints.api.info.graphqlUrl);
  const ticket = await issueTicket(api, token, { purpose: 'AVATAR', ...UPLOAD });
  const apiStored = await postToStorage(ticket, bytes);
  if (apiStored.status !== 204) throw new Error(`storage refused the API's ticket: ${apiStored.status}`);
  const confirmed = await confirm(api, token, ticket.id);
  if (!('file' in confirmed)) throw new Error(`confirm failed: ${JSON.stringify(confirmed)}`);

  const bare = await fetch(endpoints.bare.info.url, { method: 'POST', body: JSON.stringify(UPLOAD) });
  const bareTicket = (await bare.json()) as Pick<Ticket, 'url' | 'fields'>;
  const bareStored = await postToStorage(bareTicket, bytes);
  if (bareStored.status !== 204) throw new Error(`storage refused the bare endpoint's ticket: ${bareStored.status}`);
}
