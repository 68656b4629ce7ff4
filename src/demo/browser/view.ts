// DOM pieces of the demo page. User data (names, titles, filenames) only ever goes through
// textContent or attributes, never innerHTML: a filename is attacker-controlled text.
import type { UploadedFile, UploadProgress } from '../../client/index.ts';

type Child = Node | string;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

/** A thumbnail for images (from the presigned URL), a download link for anything else. */
export function fileTile(file: UploadedFile): HTMLElement {
  const image = file.contentType.startsWith('image/');
  const link = el('a', {
    href: file.url,
    target: '_blank',
    rel: 'noopener',
    title: file.filename,
    class: image ? 'image' : 'document',
  });
  if (image) link.append(el('img', { src: file.url, alt: file.filename }));
  else link.append(file.filename);
  return el('span', { class: 'file', 'data-file-id': file.id }, link);
}

export interface UploadRow {
  /** Fires when the person presses Cancel. */
  signal: AbortSignal;
  progress: (progress: UploadProgress) => void;
  settle: (state: 'done' | 'rejected' | 'failed' | 'cancelled', message: string) => void;
}

/** One line per upload: name, live progress bar and percentage, Cancel, then the outcome. */
export function uploadRow(container: HTMLElement, filename: string): UploadRow {
  const controller = new AbortController();
  const bar = el('progress', { max: '100', value: '0' });
  const percent = el('span', { class: 'percent' }, '0 %');
  const cancel = el('button', { type: 'button' }, 'Cancel');
  const status = el('span', { class: 'status' });
  const row = el('div', { class: 'upload', 'data-state': 'uploading', 'data-filename': filename });
  row.append(el('span', { class: 'name', title: filename }, filename), bar, percent, cancel, status);
  cancel.addEventListener('click', () => controller.abort());
  container.append(row);
  return {
    signal: controller.signal,
    progress: ({ loaded, total }) => {
      const value = total > 0 ? Math.round((100 * loaded) / total) : 0;
      bar.value = value;
      percent.textContent = `${value} %`;
    },
    settle: (state, message) => {
      row.dataset['state'] = state;
      status.textContent = message;
      cancel.remove();
    },
  };
}

export function showMessage(target: HTMLElement, text: string, isError = false): void {
  target.textContent = text;
  target.classList.toggle('error', isError);
}

/** The page's element `#id`, checked to be of the expected kind (page.html and this code agree). */
export function byId<T extends HTMLElement>(id: string, kind: new () => T): T;
export function byId(id: string): HTMLElement;
export function byId(id: string, kind: new () => HTMLElement = HTMLElement): HTMLElement {
  const element = document.getElementById(id);
  if (!(element instanceof kind)) throw new Error(`#${id} is missing from the page or not a ${kind.name}`);
  return element;
}
