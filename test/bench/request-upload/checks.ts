// Proof that the figures are for real work: every ticket row is there, and a ticket from each
// endpoint really lets a client store the file (and the API's confirms it).
import pg from 'pg';
import { ConfirmTicketDocument, RequestTicketDocument } from '../../generated/graphql.ts';
import { graphqlClient } from '../../support/graphql-client.ts';
import { pngBytes } from '../../support/sample-files.ts';
import { postToStorage, type Ticket } from '../../support/upload-client.ts';
import { dataOf } from '../support/graphql.ts';
import type { LoadResult } from '../harness/load.ts';
import { UPLOAD, type Endpoints } from './variants.ts';

export async function countTicketRows(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(`SELECT COUNT(*)::int AS n FROM "UploadTicket"`);
    return rows[0]!.n;
  } finally {
    await client.end();
  }
}

/** Throws unless every response was a ticket and each answered request left exactly one row. */
export function checkRun(label: string, load: LoadResult, rowsAdded: number | undefined, connections: number): void {
  if (load.requests === 0) throw new Error(`${label}: no request completed`);
  if (load.failures > 0) throw new Error(`${label}: ${load.failures} of ${load.requests} responses were not tickets`);
  if (rowsAdded === undefined) return;
  // Requests still in flight when the run stopped may have written their row without being counted.
  if (rowsAdded < load.requests || rowsAdded > load.requests + connections) {
    throw new Error(`${label}: ${load.requests} tickets answered but ${rowsAdded} ticket rows written`);
  }
}

/** One ticket of each kind, used the way a browser would: the file must land (and confirm). */
export async function checkTicketsWork(endpoints: Endpoints, token: string): Promise<void> {
  const bytes = pngBytes(UPLOAD.byteSize);
  const api = graphqlClient(endpoints.api.info.graphqlUrl);
  const input = { purpose: 'AVATAR' as const, ...UPLOAD };
  const { requestUpload } = dataOf(await api.graphql(RequestTicketDocument, { input }, token), 'requestUpload');
  if (requestUpload.__typename !== 'UploadTicket') throw new Error(`no API ticket: ${JSON.stringify(requestUpload)}`);
  const apiStored = await postToStorage(requestUpload, bytes);
  if (apiStored.status !== 204) throw new Error(`storage refused the API's ticket: ${apiStored.status}`);
  const { confirmUpload } = dataOf(
    await api.graphql(ConfirmTicketDocument, { ticketId: requestUpload.id }, token),
    'confirmUpload',
  );
  if (confirmUpload.__typename !== 'ConfirmedUpload')
    throw new Error(`confirm failed: ${JSON.stringify(confirmUpload)}`);

  const bare = await fetch(endpoints.bare.info.url, { method: 'POST', body: JSON.stringify(UPLOAD) });
  const bareTicket = (await bare.json()) as Pick<Ticket, 'url' | 'fields'>;
  const bareStored = await postToStorage(bareTicket, bytes);
  if (bareStored.status !== 204) throw new Error(`storage refused the bare endpoint's ticket: ${bareStored.status}`);
}
