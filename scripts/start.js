// npm start. Plain JavaScript: it must run where only production dependencies are installed.
// package.json runs it as `exec node scripts/start.js`: npm starts a shell, and `exec` makes that
// shell become this Node process. npm passes SIGTERM and SIGINT on to its child and waits for it,
// so the signal reaches the server itself, which drains and exits, and npm exits after it. Without
// `exec` the shell took the signal and died, npm exited, and the server kept serving.
//
// With NODE_ENV=production it runs the compiled server (`npm run build` first; containers run
// `node dist/main.js` directly). Otherwise it runs the TypeScript sources through tsx's loader in
// this same process (no build step, any supported Node version), so `npm install && npm start`
// works with no configuration.
import { existsSync } from 'node:fs';
import process from 'node:process';
import { URL } from 'node:url';

const compiled = new URL('../dist/main.js', import.meta.url);

if (process.env.NODE_ENV === 'production') {
  if (!existsSync(compiled)) {
    process.stderr.write('dist/main.js is missing: run `npm run build` first (production runs compiled code).\n');
    process.exit(1);
  }
  await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../src/main.ts', import.meta.url).href);
}
