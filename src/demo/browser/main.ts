// The demo page's script: sign in with a pasted dev token, set or clear an avatar, create posts,
// attach, reorder and remove files, all through the project's client (src/client) on plain fetch.
// Bundled by esbuild when the page is requested (src/demo/demo-page.ts).
import {
  ClearAvatarDocument,
  CreatePostDocument,
  PostsDocument,
  ViewerDocument,
  type UploadedFile,
} from '../../client/index.ts';
import { currentToken, describeError, execute, setToken, upload } from './api.ts';
import { renderPost } from './posts.ts';
import { byId, showMessage } from './view.ts';

let viewerId: string | undefined;
const sessionMessage = byId('session-message');
const fail = (error: unknown) => showMessage(sessionMessage, describeError(error), true);

async function signIn(): Promise<void> {
  showMessage(sessionMessage, '');
  const { viewer } = await execute(ViewerDocument, {});
  if (!viewer) throw new Error('No viewer: paste a token first.');
  viewerId = viewer.id;
  byId('viewer-name').textContent = `Signed in as ${viewer.name}`;
  showAvatar(viewer.avatar ?? null);
  byId('viewer').hidden = false;
  const { posts } = await execute(PostsDocument, { first: 20 });
  byId('posts').replaceChildren(...posts.edges.map((edge) => renderPost(edge.node, viewerId)));
  byId('posts-section').hidden = false;
}

function showAvatar(file: UploadedFile | null): void {
  const image = byId('avatar', HTMLImageElement);
  if (file) {
    image.src = file.url;
    image.alt = `Avatar: ${file.filename}`;
  } else {
    image.removeAttribute('src');
  }
  image.hidden = !file;
  byId('clear-avatar', HTMLButtonElement).hidden = !file;
}

byId('sign-in').addEventListener('submit', (event) => {
  event.preventDefault();
  setToken(byId('token', HTMLInputElement).value.trim());
  signIn().catch(fail);
});

const avatarInput = byId('avatar-file', HTMLInputElement);
avatarInput.addEventListener('change', () => {
  const file = avatarInput.files?.[0];
  avatarInput.value = '';
  if (file) void upload(file, 'AVATAR', byId('avatar-uploads')).then((uploaded) => uploaded && showAvatar(uploaded));
});

byId('clear-avatar').addEventListener('click', () => {
  execute(ClearAvatarDocument, {})
    .then(({ clearAvatar }) => showAvatar(clearAvatar.viewer.avatar ?? null))
    .catch(fail);
});

byId('new-post').addEventListener('submit', (event) => {
  event.preventDefault();
  const title = byId('post-title', HTMLInputElement);
  execute(CreatePostDocument, { title: title.value })
    .then(({ createPost }) => {
      byId('posts').prepend(renderPost({ ...createPost, attachments: [] }, viewerId));
      title.value = '';
    })
    .catch(fail);
});

if (currentToken()) {
  byId('token', HTMLInputElement).value = currentToken();
  signIn().catch(fail);
}
