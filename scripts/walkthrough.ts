// npm run walkthrough -- FILE [PURPOSE]: the three steps a frontend takes, against a running API.
//   1. requestUpload  → an upload ticket (url + form fields)
//   2. POST multipart/form-data straight to storage: the fields in order, the file last
//   3. confirmUpload  → the verified File, then a query that shows it attached
// API_URL (default http://127.0.0.1:4000/graphql) and TOKEN (default: a dev token for "walkthrough").
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fetchExecutor } from '../src/client/fetch.ts';
import {
  ConfirmUploadDocument,
  CreatePostDocument,
  PostDocument,
  RequestUploadDocument,
  ViewerDocument,
} from '../src/generated/client/graphql.ts';

const [file, purpose = 'AVATAR'] = process.argv.slice(2);
if (!file || (purpose !== 'AVATAR' && purpose !== 'POST_ATTACHMENT')) {
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

// The client's own operations (src/client/operations.graphql), sent by its fetch executor.
const execute = fetchExecutor({
  url: apiUrl,
  headers: { authorization: `Bearer ${token}` },
  fetch: (input, init) =>
    fetch(input, init).catch((error: unknown) => {
      process.stderr.write(`Cannot reach the API at ${apiUrl} (${String(error)}). Is \`npm start\` running?\n`);
      process.exit(1);
    }),
});

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
  const created = await execute(CreatePostDocument, { title: `Walkthrough: ${filename}` });
  postId = created.createPost.id;
}

const { requestUpload } = await execute(RequestUploadDocument, {
  input: { purpose, filename, contentType, byteSize: bytes.length, postId },
});
if (requestUpload.__typename === 'UploadRejected') {
  console.log(`1. requestUpload refused: ${requestUpload.reason} (${requestUpload.message})`);
  process.exit(1);
}
if (requestUpload.__typename !== 'UploadTicket') throw new Error(`not a POST ticket: ${requestUpload.__typename}`);
console.log(`1. ticket ${requestUpload.id}: POST to ${requestUpload.url}`);

const form = new FormData();
for (const field of requestUpload.fields) form.append(field.name, field.value);
form.append('file', new Blob([bytes]), filename); // last: storage ignores fields after the file
const stored = await fetch(requestUpload.url, { method: 'POST', body: form });
console.log(`2. storage answered ${stored.status}`);

const { confirmUpload } = await execute(ConfirmUploadDocument, { ticketId: requestUpload.id });
if (confirmUpload.__typename === 'UploadRejected') {
  console.log(`3. confirmUpload refused: ${confirmUpload.reason} (${confirmUpload.message})`);
  process.exit(1);
}
console.log(`3. confirmed file ${confirmUpload.file.id} at ${confirmUpload.file.key}`);

const view = postId ? await execute(PostDocument, { id: postId }) : await execute(ViewerDocument, {});
console.log(`4. linked: ${JSON.stringify(view)}`);
