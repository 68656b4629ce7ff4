// npm run walkthrough -- FILE [PURPOSE]: the three steps a frontend takes, against a running API.
//   1. requestUpload  → an upload ticket (url + form fields)
//   2. POST multipart/form-data straight to storage: the fields in order, the file last
//   3. confirmUpload  → the verified File, then a query that shows it attached
// API_URL (default http://127.0.0.1:4000/graphql) and TOKEN (default: a dev token for "walkthrough").
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

const [file, purpose = 'AVATAR'] = process.argv.slice(2);
if (!file) {
  process.stderr.write('Usage: npm run walkthrough -- FILE [AVATAR|POST_ATTACHMENT]\n');
  process.exit(2);
}
const apiUrl = process.env['API_URL'] ?? 'http://127.0.0.1:4000/graphql';
const token =
  process.env['TOKEN'] ??
  // What `npm run token -- walkthrough` runs.
  execFileSync(process.execPath, [path.join(import.meta.dirname, 'launch.js'), 'cli/token', 'walkthrough'], {
    encoding: 'utf8',
  }).trim();

async function graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(apiUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  }).catch((error: unknown) => {
    process.stderr.write(`Cannot reach the API at ${apiUrl} (${String(error)}). Is \`npm start\` running?\n`);
    process.exit(1);
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (!body.data) throw new Error(`GraphQL error: ${JSON.stringify(body.errors)}`);
  return body.data;
}

const CONTENT_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.pdf': 'application/pdf',
  '.txt': 'text/plain',
};
const bytes = await readFile(file);
const filename = path.basename(file);
const contentType = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';

let postId: string | undefined;
if (purpose === 'POST_ATTACHMENT') {
  const created = await graphql<{ createPost: { id: string } }>(
    'mutation($title: String!) { createPost(input: { title: $title }) { id } }',
    { title: `Walkthrough: ${filename}` },
  );
  postId = created.createPost.id;
}

type Ticket = { __typename: 'UploadTicket'; id: string; url: string; fields: { name: string; value: string }[] };
type Rejected = { __typename: 'UploadRejected'; reason: string; message: string };

const { requestUpload } = await graphql<{ requestUpload: Ticket | Rejected }>(
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
        ... on UploadRejected {
          reason
          message
        }
      }
    }
  `,
  { input: { purpose, filename, contentType, byteSize: bytes.length, postId } },
);
if (requestUpload.__typename === 'UploadRejected') {
  console.log(`1. requestUpload refused: ${requestUpload.reason} (${requestUpload.message})`);
  process.exit(1);
}
console.log(`1. ticket ${requestUpload.id}: POST to ${requestUpload.url}`);

const form = new FormData();
for (const field of requestUpload.fields) form.append(field.name, field.value);
form.append('file', new Blob([bytes]), filename); // last: storage ignores fields after the file
const stored = await fetch(requestUpload.url, { method: 'POST', body: form });
console.log(`2. storage answered ${stored.status}`);

const { confirmUpload } = await graphql<{
  confirmUpload: { __typename: 'ConfirmedUpload'; file: { id: string; key: string; url: string } } | Rejected;
}>(
  `
    mutation ($ticketId: ID!) {
      confirmUpload(input: { ticketId: $ticketId }) {
        __typename
        ... on ConfirmedUpload {
          file {
            id
            key
            url
          }
        }
        ... on UploadRejected {
          reason
          message
        }
      }
    }
  `,
  { ticketId: requestUpload.id },
);
if (confirmUpload.__typename === 'UploadRejected') {
  console.log(`3. confirmUpload refused: ${confirmUpload.reason} (${confirmUpload.message})`);
  process.exit(1);
}
console.log(`3. confirmed file ${confirmUpload.file.id} at ${confirmUpload.file.key}`);

const view = postId
  ? await graphql<{ post: { attachments: { filename: string; url: string }[] } }>(
      'query($id: ID!) { post(id: $id) { attachments { filename url } } }',
      { id: postId },
    )
  : await graphql<{ viewer: { avatar: { filename: string; url: string } } }>('{ viewer { avatar { filename url } } }');
console.log(`4. linked: ${JSON.stringify(view)}`);
