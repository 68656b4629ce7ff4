// The demo page's script: sign in with a pasted dev token, set an avatar, create posts and attach
// files, all through the project's client (src/client) on plain fetch. Bundled by esbuild when the
// page is requested (src/demo/demo-page.ts).
import {
  CreatePostDocument,
  createUploadClient,
  describeRejection,
  GraphQLResponseError,
  PostsDocument,
  StorageUploadError,
  ViewerDocument,
  type PostsQuery,
  type UploadedFile,
  type UploadPurpose,
} from '../../client/index.ts';
import { fetchExecutor } from '../../client/fetch.ts';
import { byId, el, fileTile, showMessage, uploadRow } from './view.ts';

type Post = PostsQuery['posts']['edges'][number]['node'];

const TOKEN_KEY = 'upload-tickets-demo-token';
let token = sessionStorage.getItem(TOKEN_KEY) ?? '';
let viewerId: string | undefined;

const execute = fetchExecutor({
  url: '/graphql',
  headers: (): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {}),
});
const uploads = createUploadClient(execute);
const sessionMessage = byId('session-message');

/** Uploads one file with its own progress row; resolves with the file once it is verified. */
async function upload(
  file: File,
  purpose: UploadPurpose,
  container: HTMLElement,
  postId?: string,
): Promise<UploadedFile | undefined> {
  const row = uploadRow(container, file.name);
  try {
    const result = await uploads.uploadFile(file, { purpose, postId, signal: row.signal, onProgress: row.progress });
    if (result.ok) {
      row.settle('done', 'Uploaded and verified.');
      return result.file;
    }
    row.settle('rejected', `${describeRejection(result.reason)} (${result.reason}: ${result.message})`);
  } catch (error) {
    const cancelled = error instanceof DOMException && error.name === 'AbortError';
    row.settle(cancelled ? 'cancelled' : 'failed', cancelled ? 'Cancelled: nothing was linked.' : describeError(error));
  }
  return undefined;
}

function describeError(error: unknown): string {
  if (error instanceof GraphQLResponseError) return `The API refused: ${error.message} (${error.codes.join(', ')})`;
  if (error instanceof StorageUploadError) return error.message;
  return `Something went wrong: ${String(error)}`;
}

function renderPost(post: Post): HTMLElement {
  const files = el('div', { class: 'files' }, ...post.attachments.map(fileTile));
  const item = el('li', { class: 'post', 'data-post-id': post.id });
  const byline = `by ${post.author.name} · ${new Date(post.createdAt).toLocaleString()}`;
  item.append(el('h3', {}, post.title), el('div', { class: 'byline' }, byline), files);
  if (post.author.id !== viewerId) return item; // only the author may attach
  const input = el('input', { type: 'file', multiple: '', class: 'attach' });
  const rows = el('div', { class: 'uploads' });
  item.append(el('label', { class: 'button' }, 'Attach files', input), rows);
  input.addEventListener('change', () => {
    for (const file of input.files ?? []) {
      void upload(file, 'POST_ATTACHMENT', rows, post.id).then(
        (uploaded) => uploaded && files.append(fileTile(uploaded)),
      );
    }
    input.value = '';
  });
  return item;
}

async function signIn(): Promise<void> {
  showMessage(sessionMessage, '');
  const { viewer } = await execute(ViewerDocument, {});
  if (!viewer) throw new Error('No viewer: paste a token first.');
  viewerId = viewer.id;
  byId('viewer-name').textContent = `Signed in as ${viewer.name}`;
  if (viewer.avatar) showAvatar(viewer.avatar);
  byId('viewer').hidden = false;
  const { posts } = await execute(PostsDocument, { first: 20 });
  byId('posts').replaceChildren(...posts.edges.map((edge) => renderPost(edge.node)));
  byId('posts-section').hidden = false;
}

function showAvatar(file: UploadedFile): void {
  const image = byId('avatar', HTMLImageElement);
  image.src = file.url;
  image.alt = `Avatar: ${file.filename}`;
  image.hidden = false;
}

byId('sign-in').addEventListener('submit', (event) => {
  event.preventDefault();
  token = byId('token', HTMLInputElement).value.trim();
  sessionStorage.setItem(TOKEN_KEY, token);
  signIn().catch((error: unknown) => showMessage(sessionMessage, describeError(error), true));
});

const avatarInput = byId('avatar-file', HTMLInputElement);
avatarInput.addEventListener('change', () => {
  const file = avatarInput.files?.[0];
  avatarInput.value = '';
  if (file) void upload(file, 'AVATAR', byId('avatar-uploads')).then((uploaded) => uploaded && showAvatar(uploaded));
});

byId('new-post').addEventListener('submit', (event) => {
  event.preventDefault();
  const title = byId('post-title', HTMLInputElement);
  execute(CreatePostDocument, { title: title.value })
    .then(({ createPost }) => {
      byId('posts').prepend(renderPost({ ...createPost, attachments: [] }));
      title.value = '';
    })
    .catch((error: unknown) => showMessage(sessionMessage, describeError(error), true));
});

if (token) {
  byId('token', HTMLInputElement).value = token;
  signIn().catch((error: unknown) => showMessage(sessionMessage, describeError(error), true));
}
