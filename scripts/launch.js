// `node scripts/launch.js MODULE [ARGS...]`: what `npm start` (MODULE `main`) and the operators'
// commands (`cli/sweep`, `cli/token`, `cli/db-migrate`) run. Plain JavaScript: it must run where
// only production dependencies are installed.
//
// With NODE_ENV=production it runs the compiled dist/MODULE.js (`npm run build` first; containers
// run `node dist/main.js` directly). Otherwise it runs src/MODULE.ts through tsx's loader in this
// same process (no build step, any supported Node version), so `npm install && npm start` works
// with no configuration.
//
// package.json runs it as `exec node scripts/launch.js ...`: npm starts a shell, and `exec` makes
// that shell become this Node process. npm passes SIGTERM and SIGINT on to its child and waits
// for it, so the signal reaches the server itself, which drains and exits, and npm exits after
// it. Without `exec` the shell took the signal and died, npm exited, and the server kept serving.
import { existsSync } from 'node:fs';
import process from 'node:process';
import { URL } from 'node:url';

const [name] = process.argv.splice(2, 1); // the program sees only its own arguments
if (!name || !/^[a-z][a-z0-9/-]*$/.test(name)) {
  process.stderr.write('Usage: node scripts/launch.js MODULE [ARGS...], MODULE as in src/, e.g. main\n');
  process.exit(2);
}

if (process.env.NODE_ENV === 'production') {
  const compiled = new URL(`../dist/${name}.js`, import.meta.url);
  if (!existsSync(compiled)) {
    process.stderr.write(`dist/${name}.js is missing: run \`npm run build\` first (production runs compiled code).\n`);
    process.exit(1);
  }
  await import(compiled.href);
} else {
  const tsx = await import('tsx/esm/api').catch(() => undefined);
  if (!tsx) {
    process.stderr.write(
      'tsx (a development dependency) is not installed, so the TypeScript sources cannot run.\n' +
        'In a production install set NODE_ENV=production to run the compiled dist/ (npm run build).\n',
    );
    process.exit(1);
  }
  tsx.register();
  await import(new URL(`../src/${name}.ts`, import.meta.url).href);
}
