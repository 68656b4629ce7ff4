// npm run codegen [-- --check]: regenerates the Prisma client (from prisma/schema.prisma), the
// GraphQL resolver types (from schema.graphql) and the typed documents of the client's and the
// tests' operations (codegen.ts). With --check it fails when any was stale, so CI catches a schema
// or document change committed without its generated code.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const generatedDirs = [path.join(root, 'src', 'generated'), path.join(root, 'test', 'generated')];
const check = process.argv.includes('--check');

function snapshot(): Map<string, string> {
  const files = new Map<string, string>();
  for (const dir of generatedDirs) {
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const file = path.join(entry.parentPath, entry.name);
      files.set(path.relative(root, file), createHash('sha256').update(readFileSync(file)).digest('hex'));
    }
  }
  return files;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): void {
  try {
    execFileSync(command, args, { cwd: root, stdio: 'pipe', env: { ...process.env, ...env } });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer };
    process.stderr.write(`${String(stdout ?? '')}${String(stderr ?? '')}`);
    process.exit(1);
  }
}

const before = snapshot();
// `prisma generate` never runs the native schema engine, but the CLI downloads one first unless
// PRISMA_SCHEMA_ENGINE_BINARY names an existing file (see docs/migrations.md).
run(process.execPath, [path.join(root, 'node_modules', 'prisma', 'build', 'index.js'), 'generate'], {
  PRISMA_SCHEMA_ENGINE_BINARY: process.execPath,
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
});
run(process.execPath, [
  path.join(root, 'node_modules', '@graphql-codegen', 'cli', 'esm', 'bin.js'),
  '--config',
  'codegen.ts',
]);
const after = snapshot();

const changed = [...new Set([...before.keys(), ...after.keys()])].filter(
  (file) => before.get(file) !== after.get(file),
);
if (changed.length === 0) {
  console.log('Generated code is up to date.');
} else if (check) {
  console.error(`Generated code was stale (now regenerated; commit it):\n  ${changed.join('\n  ')}`);
  process.exitCode = 1;
} else {
  console.log(`Regenerated:\n  ${changed.join('\n  ')}`);
}
