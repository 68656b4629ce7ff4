import { execFile, execFileSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PROJECT_DIR, startTestApi, type TestApi } from '../support/test-api.ts';

// What a frontend gets: `npm run build:client`'s output (dist/, with its own package.json), placed
// as a package in an app's node_modules the way installing the `npm pack ./dist` tarball does, and
// imported by subpath from plain JavaScript (no tsx) and from strict TypeScript.
let api: TestApi;
let app: string;
let installed: string;

// Asynchronous: the API runs in this process and must keep answering while the app runs.
const run = async (command: string, args: string[], env: Record<string, string> = {}) =>
  (await promisify(execFile)(command, args, { cwd: app, encoding: 'utf8', env: { ...process.env, ...env } })).stdout;

beforeAll(async () => {
  api = await startTestApi();
  app = mkdtempSync(path.join(tmpdir(), 'upload-tickets-app-'));
  installed = path.join(app, 'node_modules', 'graphql-upload-tickets');
  mkdirSync(installed, { recursive: true });
  const build = path.join(PROJECT_DIR, 'scripts', 'build-client.ts');
  execFileSync(process.execPath, ['--import', 'tsx', build, '--out-dir', installed], { cwd: PROJECT_DIR });
  // The app's own dependencies (it brings graphql and its codegen; the typed-document types come with the package).
  for (const dependency of ['graphql', '@graphql-typed-document-node', '@graphql-codegen']) {
    symlinkSync(path.join(PROJECT_DIR, 'node_modules', dependency), path.join(app, 'node_modules', dependency));
  }
}, 60_000);
afterAll(async () => {
  await api.stop();
  rmSync(app, { recursive: true, force: true });
});

describe('the built client package', () => {
  it("depends on nothing of the API's: one types package, the GraphQL libraries as optional peers", () => {
    const manifest = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8')) as Record<
      'name' | 'type' | 'dependencies' | 'peerDependencies' | 'exports',
      object
    >;
    expect(manifest).toMatchObject({ name: 'graphql-upload-tickets', type: 'module' });
    expect(Object.keys(manifest.dependencies)).toEqual(['@graphql-typed-document-node/core']);
    expect(Object.keys(manifest.peerDependencies).sort()).toEqual(['@apollo/client', '@urql/core', 'graphql']);
    expect(Object.keys(manifest.exports)).toEqual([
      './client',
      './client/apollo',
      './client/urql',
      './client/fetch',
      './client/graphcache',
      './schema.graphql',
      './fragments.graphql',
      './operations.graphql',
    ]);
  });

  it('contains JavaScript that imports nothing but its own files and graphql (fetch adapter only)', () => {
    const files = readdirSync(installed, { recursive: true, encoding: 'utf8' });
    const sources = files.filter((file) => file.endsWith('.js'));
    const read = (file: string) => readFileSync(path.join(installed, file), 'utf8');
    // tsc writes one import or re-export per line: `import … from "x";`, `export … from "x";`.
    const imports = sources.flatMap((file) =>
      [...read(file).matchAll(/^(?:import|export)\b[^;\n]*?\bfrom\s*["']([^"']+)["'];$/gm)]
        .map((match) => match[1]!)
        .filter((specifier) => !specifier.startsWith('./') && !specifier.startsWith('../'))
        .map((specifier) => `${file}: ${specifier}`),
    );
    expect(sources.length).toBeGreaterThanOrEqual(8);
    expect(sources.filter((file) => /\bimport\(|\brequire\(/.test(read(file)))).toEqual([]);
    expect(imports).toEqual(['client/fetch.js: graphql']);
  });

  it('uploads from plain JavaScript through the package subpaths', async () => {
    const token = await api.token('frank', 'Frank');
    writeFileSync(
      path.join(app, 'upload.mjs'),
      `import { createUploadClient } from 'graphql-upload-tickets/client';
       import { fetchExecutor } from 'graphql-upload-tickets/client/fetch';
       const uploads = createUploadClient(fetchExecutor({
         url: process.env.API_URL, headers: { authorization: 'Bearer ' + process.env.TOKEN } }));
       const file = new File(['hello from a package'], 'hello.txt', { type: 'text/plain' });
       const post = await fetch(process.env.API_URL, { method: 'POST',
         headers: { 'content-type': 'application/json', authorization: 'Bearer ' + process.env.TOKEN },
         body: JSON.stringify({ query: 'mutation { createPost(input: { title: "pkg" }) { id } }' }) }).then((r) => r.json());
       const result = await uploads.uploadFile(file, { purpose: 'POST_ATTACHMENT', postId: post.data.createPost.id });
       console.log(JSON.stringify(result));`,
    );
    const output = await run(process.execPath, ['upload.mjs'], { API_URL: api.graphqlUrl, TOKEN: token });
    expect(JSON.parse(output)).toMatchObject({ ok: true, file: { filename: 'hello.txt', byteSize: 20 } });
  });

  it('packs the schema, the fragments and the operations with the code (npm pack)', async () => {
    const [packed] = JSON.parse(await run('npm', ['pack', '--dry-run', '--json', installed])) as [
      { files: { path: string }[] },
    ];
    const files = packed.files.map((file) => file.path);
    expect(files).toEqual(
      expect.arrayContaining([
        'schema.graphql',
        'fragments.graphql',
        'operations.graphql',
        'client/index.js',
        'client/index.d.ts',
        'client/graphcache.js',
        'generated/client/graphcache-schema.js',
      ]),
    );
    // The same text as the sources the API and the client are built from.
    expect(readFileSync(path.join(installed, 'schema.graphql'), 'utf8')).toBe(
      readFileSync(path.join(PROJECT_DIR, 'schema.graphql'), 'utf8'),
    );
    expect(readFileSync(path.join(installed, 'fragments.graphql'), 'utf8')).toContain('fragment UploadedFile on File');
  });

  it("generates an app's typed queries with the README's codegen.ts, and they type-check under strict", async () => {
    // The app's own codegen: the README's config verbatim, the schema and fragments from the package.
    copyFileSync(path.join(PROJECT_DIR, 'examples', 'codegen.ts'), path.join(app, 'codegen.ts'));
    mkdirSync(path.join(app, 'src'), { recursive: true });
    writeFileSync(
      path.join(app, 'src', 'files.ts'),
      `import type { ResultOf } from '@graphql-typed-document-node/core';
       import type { ConfirmUploadMutation, RequestUploadMutation } from 'graphql-upload-tickets/client';
       import { graphql } from './gql';

       export const PostFiles = graphql(\`
         query PostFiles($id: ID!) {
           post(id: $id) { id attachments { ...UploadedFile byteSize createdAt } }
         }
       \`);

       // Exactly these types, not any or unknown: the scalar mapping took effect.
       type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
       type Attachment = NonNullable<ResultOf<typeof PostFiles>['post']>['attachments'][number];
       export const sizes: Same<Attachment['byteSize'], number> = true;
       export const dates: Same<Attachment['createdAt'], string> = true;

       // The package's own operation types, as exported.
       type Confirmed = Extract<ConfirmUploadMutation['confirmUpload'], { __typename: 'ConfirmedUpload' }>;
       export const parent: Same<NonNullable<Confirmed['post']>['attachments'][number]['byteSize'], number> = true;
       export const ticketUrl = (result: RequestUploadMutation['requestUpload']) =>
         result.__typename === 'UploadTicket' ? result.url : null;`,
    );
    writeFileSync(
      path.join(app, 'tsconfig.app.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          module: 'ESNext',
          moduleResolution: 'Bundler',
          lib: ['ES2022', 'DOM'],
          types: [],
        },
        include: ['src'],
      }),
    );
    const codegen = path.join(PROJECT_DIR, 'node_modules', '@graphql-codegen', 'cli', 'esm', 'bin.js');
    await run(process.execPath, [codegen, '--config', 'codegen.ts', '--silent']);
    expect(readFileSync(path.join(app, 'src', 'gql', 'graphql.ts'), 'utf8')).toContain('UploadedFileFragment');
    const tsc = path.join(PROJECT_DIR, 'node_modules', 'typescript', 'bin', 'tsc');
    // On failure tsc's output (the type errors) is the message.
    const output = await run(process.execPath, [tsc, '-p', 'tsconfig.app.json']).catch(
      (error: unknown) => (error as { stdout: string }).stdout,
    );
    expect(output).toBe('');
  }, 60_000);

  it('type-checks a strict TypeScript app against its declarations', async () => {
    writeFileSync(
      path.join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2022', 'DOM'] },
        files: ['app.ts'],
      }),
    );
    writeFileSync(
      path.join(app, 'app.ts'),
      `import { createUploadClient, type UploadResult } from 'graphql-upload-tickets/client';
       import { fetchExecutor } from 'graphql-upload-tickets/client/fetch';
       const uploads = createUploadClient(fetchExecutor({ url: '/graphql' }));
       export async function go(file: File): Promise<string> {
         const result: UploadResult = await uploads.uploadFile(file, { purpose: 'AVATAR' });
         return result.ok ? result.file.url : result.reason;
       }
       // @ts-expect-error: not a purpose the schema knows
       void uploads.uploadFile(new Blob(), { purpose: 'BANNER' });`,
    );
    const tsc = path.join(PROJECT_DIR, 'node_modules', 'typescript', 'bin', 'tsc');
    expect(await run(process.execPath, [tsc, '--noEmit', '-p', 'tsconfig.json'])).toBe('');
  });
});
