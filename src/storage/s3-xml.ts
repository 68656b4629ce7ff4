// What this adapter reads of S3's XML answers: a few flat elements, found without a parser.
import { succeeded, type ObjectResponse } from './s3-exchange.ts';

/** The store's error code (`<Code>`) of an answer that is not a 2xx, if it sent one. */
export function errorCode(response: ObjectResponse): string | undefined {
  if (succeeded(response.status)) return undefined;
  return xmlText(response.body.toString('utf8'), 'Code');
}

/** The text of the first <name> element (no nesting: S3's answers here are flat). */
export function xmlText(document: string, name: string): string | undefined {
  const open = document.indexOf(`<${name}>`);
  if (open < 0) return undefined;
  const start = open + name.length + 2;
  const end = document.indexOf(`</${name}>`, start);
  return end < 0 ? undefined : decodeEntities(document.slice(start, end));
}

const ENTITIES = new Map([
  ['quot', '"'],
  ['amp', '&'],
  ['apos', "'"],
  ['lt', '<'],
  ['gt', '>'],
]);

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,4});/gi, (entity, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return codePoint(Number.parseInt(name.slice(2), 16), entity);
    if (name.startsWith('#')) return codePoint(Number.parseInt(name.slice(1), 10), entity);
    return ENTITIES.get(name) ?? entity;
  });
}

function codePoint(value: number, entity: string): string {
  return value <= 0x10ffff ? String.fromCodePoint(value) : entity;
}
