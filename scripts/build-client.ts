// npm run build:client [-- --out-dir DIR]: compiles the browser/Node client (src/client and the
// generated documents it imports) to JavaScript and declarations in dist/, which the package's
// `exports` (`graphql-upload-tickets/client`, `/client/apollo`, `/client/urql`, `/client/fetch`)
// point at. `prepare` runs it, so `npm install` here builds it. dist/ also gets a package.json of
// its own: the client alone, with the same name and subpaths (see client-manifest.ts), and the
// GraphQL sources an app's codegen reads (schema.graphql, fragments.graphql, operations.graphql).
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { clientManifest } from './client-manifest.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const outFlag = process.argv.indexOf('--out-dir');
const outDir = path.resolve(outFlag >= 0 ? (process.argv[outFlag + 1] ?? '') : path.join(root, 'dist'));
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');

if (!existsSync(tsc)) {
  // A production install (`npm ci --omit=dev`) runs the API, which does not need the client build.
  console.log('build:client: TypeScript is not installed (production install?), so dist/ was not built.');
  process.exit(0);
}

// The contract, for an app's own codegen: the schema, and the client's fragments and operations.
const CONTRACT = {
  'schema.graphql': 'schema.graphql',
  'fragments.graphql': 'src/client/fragments.graphql',
  'operations.graphql': 'src/client/operations.graphql',
};

// Stale files of removed modules must not linger in the package.
for (const dir of ['client', 'generated', 'package.json', ...Object.keys(CONTRACT)])
  rmSync(path.join(outDir, dir), { recursive: true, force: true });
try {
  execFileSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.client.json'), '--outDir', outDir], {
    cwd: root,
    stdio: 'pipe',
  });
} catch (error) {
  const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer };
  process.stderr.write(`build:client failed:\n${String(stdout ?? '')}${String(stderr ?? '')}`);
  process.exit(1);
}

// tsc rewrites `./x.ts` to `./x.js` in JavaScript but not in declarations. Rewriting them too lets
// any TypeScript version and tool that reads .d.ts files follow the imports.
for (const entry of readdirSync(outDir, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !entry.name.endsWith('.d.ts')) continue;
  const file = path.join(entry.parentPath, entry.name);
  const source = readFileSync(file, 'utf8');
  writeFileSync(file, source.replace(/(from\s+['"]\.\.?\/[^'"]*)\.ts(['"])/g, '$1.js$2'));
}
for (const [name, source] of Object.entries(CONTRACT)) copyFileSync(path.join(root, source), path.join(outDir, name));
const manifest = clientManifest(JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as never);
writeFileSync(path.join(outDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(
  `build:client: wrote ${path.relative(root, outDir) || '.'}/ (client, generated/client, *.graphql, package.json)`,
);
