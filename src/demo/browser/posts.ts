// One post on the demo page: its attachments, and for its author the ways to manage them (attach,
// move earlier, remove, delete the post). Every change redraws the attachments from the mutation's
// payload, which returns the post as it is after the change.
import {
  DeletePostDocument,
  RemoveAttachmentDocument,
  ReorderAttachmentsDocument,
  type PostsQuery,
  type UploadedFile,
} from '../../client/index.ts';
import { describeError, execute, upload } from './api.ts';
import { el, fileTile, showMessage } from './view.ts';

type Post = PostsQuery['posts']['edges'][number]['node'];
type Change =
  | { __typename: 'RemovedAttachment' | 'ReorderedAttachments'; post: { attachments: UploadedFile[] } }
  | { __typename: 'ChangeRejected'; reason: string; message: string };

export function renderPost(post: Post, viewerId: string | undefined): HTMLElement {
  const item = el('li', { class: 'post', 'data-post-id': post.id });
  const files = el('div', { class: 'files' });
  const byline = `by ${post.author.name} · ${new Date(post.createdAt).toLocaleString()}`;
  const message = el('p', { class: 'message', role: 'status' });
  item.append(el('h3', {}, post.title), el('div', { class: 'byline' }, byline), files, message);
  if (post.author.id !== viewerId) {
    files.append(...post.attachments.map(fileTile));
    return item; // only the author may change a post
  }

  let attachments = post.attachments;
  const show = (next: UploadedFile[]) => {
    attachments = next;
    files.replaceChildren(...attachments.map((file, index) => ownTile(file, index)));
  };
  const apply = (change: Promise<Change>) =>
    change
      .then((result) => {
        if (result.__typename === 'ChangeRejected') showMessage(message, result.message, true);
        else show(result.post.attachments);
      })
      .catch((error: unknown) => showMessage(message, describeError(error), true));

  const ownTile = (file: UploadedFile, index: number) => {
    const tile = fileTile(file);
    const earlier = el('button', { type: 'button', class: 'move', title: 'Move earlier' }, '←');
    earlier.disabled = index === 0;
    earlier.addEventListener('click', () => {
      const previous = attachments[index - 1];
      if (!previous) return;
      // This file and the one before it swap places.
      const fileIds = attachments.map((attachment, at) =>
        at === index - 1 ? file.id : at === index ? previous.id : attachment.id,
      );
      void apply(execute(ReorderAttachmentsDocument, { postId: post.id, fileIds }).then((r) => r.reorderAttachments));
    });
    const remove = el('button', { type: 'button', class: 'remove', title: `Remove ${file.filename}` }, '×');
    remove.addEventListener('click', () => {
      void apply(
        execute(RemoveAttachmentDocument, { postId: post.id, fileId: file.id }).then((r) => r.removeAttachment),
      );
    });
    tile.append(el('span', { class: 'controls' }, earlier, remove));
    return tile;
  };
  show(attachments);

  const input = el('input', { type: 'file', multiple: '', class: 'attach' });
  const rows = el('div', { class: 'uploads' });
  const deleteButton = el('button', { type: 'button', class: 'delete-post' }, 'Delete post');
  item.append(el('label', { class: 'button' }, 'Attach files', input), deleteButton, rows);
  input.addEventListener('change', () => {
    for (const file of input.files ?? []) {
      void upload(file, 'POST_ATTACHMENT', rows, post.id).then(
        (uploaded) => uploaded && show([...attachments, uploaded]),
      );
    }
    input.value = '';
  });
  deleteButton.addEventListener('click', () => {
    execute(DeletePostDocument, { postId: post.id })
      .then(({ deletePost }) => {
        if (deletePost.__typename === 'ChangeRejected') showMessage(message, deletePost.message, true);
        else item.remove();
      })
      .catch((error: unknown) => showMessage(message, describeError(error), true));
  });
  return item;
}
