// One soak worker: the three steps of a frontend, in a loop, until the deadline.
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

interface Ticket {
  __typename: string;
  id: string;
  url: string;
  fields: { name: string; value: string }[];
}

export async function soakWorker(apiUrl: string, token: string, deadline: number, tally: SoakTally): Promise<void> {
  const graphql = async (query: string, variables: Record<string, unknown>) => {
    const response = await fetch(apiUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
    if (!body.data || body.errors) throw new Error(`HTTP ${response.status}: ${JSON.stringify(body.errors)}`);
    return body.data;
  };
  for (let round = 0; Date.now() < deadline; round++) {
    try {
      const { requestUpload: ticket } = (await graphql(
        `
          mutation ($input: RequestUploadInput!) {
            requestUpload(input: $input) {
              __typename
              ... on UploadTicket {
                id
                url
                fields {
                  name
                  value
                }
              }
            }
          }
        `,
        { input: { purpose: 'AVATAR', filename: `soak-${round}.png`, contentType: 'image/png', byteSize: PNG.length } },
      )) as { requestUpload: Ticket };
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
      const { confirmUpload } = (await graphql(
        `
          mutation ($id: ID!) {
            confirmUpload(input: { ticketId: $id }) {
              __typename
            }
          }
        `,
        { id: ticket.id },
      )) as { confirmUpload: { __typename: string } };
      if (confirmUpload.__typename === 'ConfirmedUpload') tally.confirmed++;
      else tally.rejected++;
    } catch (error) {
      tally.errors.push(String(error));
    }
  }
}
