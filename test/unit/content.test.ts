import { describe, expect, it } from '@jest/globals';
import { parseDeclaredContentType } from '../../src/uploads/content-type-input.ts';
import { CONTENT_TYPES } from '../../src/uploads/content-types.ts';
import { contentDisposition, downloadName } from '../../src/uploads/download-url.ts';
import { filenameProblem } from '../../src/uploads/filename.ts';

const bytes = (...values: (number | string)[]) =>
  new Uint8Array(values.flatMap((value) => (typeof value === 'string' ? [...Buffer.from(value, 'utf8')] : [value])));

describe('declared content types', () => {
  it.each([
    ['image/png', 'image/png'],
    ['  IMAGE/PNG ', 'image/png'],
    ['text/plain; charset=utf-8', 'text/plain'],
    ['text/plain;charset="UTF-8"', 'text/plain'],
    ['text/plain; charset=latin1', null],
    ['image/png; charset=utf-8', null],
    ['image/svg+xml', null],
    ['image/', null],
    ['png', null],
    ['', null],
  ])('%j → %j', (declared, expected) => {
    expect(parseDeclaredContentType(declared)).toBe(expected);
  });
});

describe('recognising bytes', () => {
  it.each([
    ['image/png', bytes(0x89, 'PNG\r\n', 0x1a, '\n', 0)],
    ['image/jpeg', bytes(0xff, 0xd8, 0xff, 0xdb)],
    ['image/gif', bytes('GIF89a')],
    ['image/gif', bytes('GIF87a')],
    ['image/webp', bytes('RIFF', 0, 0, 0, 0, 'WEBPVP8 ')],
    ['application/pdf', bytes('%PDF-1.4')],
    ['text/plain', bytes('plain text é')],
  ] as const)('accepts real %s', (type, start) => {
    expect(CONTENT_TYPES[type].matches(start, start.length)).toBe(true);
  });

  it.each([
    ['image/png', bytes('<html><script>')],
    ['image/png', bytes('<svg onload=alert(1)>')],
    ['image/jpeg', bytes(0x89, 'PNG')],
    ['image/webp', bytes('RIFF', 0, 0, 0, 0, 'AVI ')],
    ['application/pdf', bytes('<!doctype html>%PDF-')],
    ['text/plain', bytes('abc', 0, 'def')],
    ['text/plain', bytes(0xc3, 0x28)],
  ] as const)('refuses %s that is not', (type, start) => {
    expect(CONTENT_TYPES[type].matches(start, start.length)).toBe(false);
  });

  it('tolerates a character cut by the end of the read window, but not in a whole file', () => {
    const cut = bytes('ab', 0xe2, 0x82); // first two bytes of '€'
    expect(CONTENT_TYPES['text/plain'].matches(cut, 100)).toBe(true);
    expect(CONTENT_TYPES['text/plain'].matches(cut, cut.length)).toBe(false);
  });
});

describe('filenames', () => {
  it.each(['photo.png', 'Résumé 2026.pdf', '日本語.txt', '👩‍👩‍👧.png', 'a'.repeat(255)])('accepts %j', (name) => {
    expect(filenameProblem(name)).toBeNull();
  });

  it.each(['', ' ', 'a'.repeat(256), 'x\ty', 'x\u0085y', 'a/b', 'a\\b', '..', 'x\u2066y'])('refuses %j', (name) => {
    expect(filenameProblem(name)).toEqual(expect.any(String));
  });
});

describe('Content-Disposition', () => {
  it('quotes an ASCII fallback and encodes the exact name', () => {
    expect(contentDisposition('Résumé "final".pdf', false)).toBe(
      `attachment; filename="R_sum_ _final_.pdf"; filename*=UTF-8''R%C3%A9sum%C3%A9%20%22final%22.pdf`,
    );
    expect(contentDisposition("it's (1).png", true)).toBe(
      `inline; filename="it's (1).png"; filename*=UTF-8''it%27s%20%281%29.png`,
    );
  });
});

describe('download names', () => {
  const text = CONTENT_TYPES['text/plain'];
  it.each([
    ['a'.repeat(250) + '.html', 'ASCII'],
    ['é'.repeat(125) + '.html', 'two-byte characters'],
    ['😀'.repeat(62) + '.html', 'four-byte characters (surrogate pairs)'],
  ])('a 255-byte name that needs the extension stays within 255 bytes and ends in it: %#, %s', (name) => {
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255);
    const downloaded = downloadName(name, text);
    expect(Buffer.byteLength(downloaded)).toBeLessThanOrEqual(255);
    expect(downloaded.endsWith('.txt')).toBe(true);
    // Shortened on character boundaries: no broken surrogate, the kept part is the name's start.
    expect(downloaded).toBe(Buffer.from(downloaded).toString('utf8'));
    expect(name.startsWith(downloaded.slice(0, -'.txt'.length))).toBe(true);
  });
});
