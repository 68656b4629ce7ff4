// Module customization hooks (they run on a thread of their own): pass every resolution through,
// appending what it resolved to. Synchronous appends keep the lines whole.
import { appendFileSync } from 'node:fs';
import process from 'node:process';

const file = process.env.MODULE_LOG_FILE;

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  if (file) appendFileSync(file, `${resolved.url}\n`);
  return resolved;
}
