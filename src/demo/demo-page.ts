// GET /demo: a development page that drives the real upload flow from a browser with the real
// client (src/client). Off in production (ServerDeps.demo). The page is static HTML; its script is
// src/demo/browser/main.ts bundled by esbuild in memory on first request, so start-up pays nothing
// and production never loads esbuild.
import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';

// The page's files stay in the source tree, also when this module runs compiled from dist/demo/
// (`npm run build` emits JavaScript only): from either place, ../../src/demo/ is the same folder.
const SOURCE_DIR = new URL('../../src/demo/', import.meta.url);
const FILES: Record<string, [file: URL, type: string]> = {
  '/demo': [new URL('page.html', SOURCE_DIR), 'text/html; charset=utf-8'],
  '/demo/style.css': [new URL('style.css', SOURCE_DIR), 'text/css; charset=utf-8'],
};
const ENTRY = new URL('browser/main.ts', SOURCE_DIR);

// Uploads go to the storage's origin and images come from presigned URLs on it, which the page
// cannot know in advance; scripts, styles and everything else stay same-origin.
const CSP = [
  "default-src 'self'",
  "img-src 'self' data: blob: http: https:",
  "connect-src 'self' http: https:",
  "style-src 'self'",
  "frame-ancestors 'none'",
].join('; ');

export type DemoPage = (pathname: string, res: ServerResponse) => Promise<void>;

export function createDemoPage(): DemoPage {
  let script: Promise<string> | undefined;
  return async (pathname, res) => {
    const file = FILES[pathname];
    if (file) return send(res, file[1], await readFile(file[0], 'utf8'));
    if (pathname === '/demo/app.js') {
      // A failed build is not cached: fix the code, reload the page.
      script ??= bundle().catch((error: unknown) => {
        script = undefined;
        throw error;
      });
      return send(res, 'text/javascript; charset=utf-8', await script);
    }
    res.statusCode = 404;
    res.setHeader('content-type', 'text/plain; charset=utf-8');
    res.end('Not found. The demo page is at /demo.');
  };
}

async function bundle(): Promise<string> {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [ENTRY.pathname],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    sourcemap: 'inline',
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error('esbuild produced no output for the demo page');
  return output.text;
}

function send(res: ServerResponse, type: string, body: string): void {
  res.statusCode = 200;
  res.setHeader('content-type', type);
  res.setHeader('cache-control', 'no-store');
  res.setHeader('content-security-policy', CSP);
  res.setHeader('x-content-type-options', 'nosniff');
  res.end(body);
}
