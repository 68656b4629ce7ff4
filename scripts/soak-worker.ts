// One soak worker: the three steps of a frontend, in a loop, until the deadline, with the client's
// own operations (src/client/operations.graphql) sent by its fetch executor.
import { fetchExecutor } from '../src/client/fetch.ts';
import { ConfirmUploadDocument, RequestUploadDocument } from '../src/generated/client/graphql.ts';

export interface SoakTally {
  requested: number;
  uploaded: number;
  confirmed: number;
  rejected: number;
  notUploaded: number;
  errors: string[];
}

const PNG = new Uint8Array(2048);
PNG.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const HTML = new Uint8Array(2048).fill(0x20);
HTML.set(new TextEncoder().encode('<html><script>alert(1)</script></html>'));

export async function soakWorker(apiUrl: string, token: string, deadline: number, tally: SoakTally): Promise<void> {
  const execute = fetchExecutor({ url: apiUrl, headers: { authorization: `Bearer ${token}` } });
  for (let round = 0; Date.now() < deadline; round++) {
    try {
      const { requestUpload: ticket } = await execute(RequestUploadDocument, {
        input: { purpose: 'AVATAR', filename: `soak-${round}.png`, contentType: 'image/png', byteSize: PNG.length },
      });
      if (ticket.__typename !== 'UploadTicket') throw new Error(`no ticket: ${JSON.stringify(ticket)}`);
      tally.requested++;
      if (round % 20 === 19) {
        tally.notUploaded++; // left to expire: must end with no file and no object
        continue;
      }
      const form = new FormData();
      for (const field of ticket.fields) form.append(field.name, field.value);
      form.append('file', new Blob([round % 20 === 9 ? HTML : PNG]), 'x.png');
      const stored = await fetch(ticket.url, { method: 'POST', body: form });
      if (stored.status !== 204) throw new Error(`storage answered ${stored.status}`);
      tally.uploaded++;
      const { confirmUpload } = await execute(ConfirmUploadDocument, { ticketId: ticket.id });
      if (confirmUpload.__typename === 'ConfirmedUpload') tally.confirmed++;
      else tally.rejected++;
    } catch (error) {
      tally.errors.push(String(error));
    }
  }
}
