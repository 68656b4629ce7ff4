// Loads Prisma's schema engine compiled to WebAssembly (@prisma/schema-engine-wasm).
//
// Why not the package's own entry point (`schema_engine.js`): it does `import * as wasm from
// "./schema_engine_bg.wasm"`, which Node only runs behind --experimental-wasm-modules, and it
// wires the module's imports straight to the glue code. Instantiating by hand lets us replace two
// of those imports for this instance only, without touching globals shared with the rest of the
// process:
//   - `setTimeout`: the engine arms ~10 s timers it never clears; we unref and track them.
//   - `set_message` (panic message): the glue writes it to `global.PRISMA_WASM_PANIC_REGISTRY`,
//     which would have to be a global; we keep the last message here and add it to the error.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as glue from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { SchemaEngine } from '@prisma/schema-engine-wasm/schema_engine_bg';

export type { SchemaEngine };
export type SchemaEngineClass = typeof SchemaEngine;

/** Last panic message reported by the Rust side (a panic aborts the engine call that hit it). */
let lastPanicMessage: string | undefined;

export function takePanicMessage(): string | undefined {
  const message = lastPanicMessage;
  lastPanicMessage = undefined;
  return message;
}

// The engine arms a 10 s timer per applyMigrations (its advisory-lock timeout, as in the native
// engine) and never clears it. Unref'd, it cannot keep the process alive; on top of that, once no
// engine call is running none of them is needed, so they are cleared then (tidy for servers, and
// nothing fires into a test environment that has been torn down).
const engineTimers = new Set<NodeJS.Timeout>();
let callsInFlight = 0;

/** Wrap every engine call (from SchemaEngine.new to free) in this. */
export async function engineCall<T>(call: () => Promise<T>): Promise<T> {
  callsInFlight++;
  try {
    return await call();
  } finally {
    if (--callsInFlight === 0) {
      for (const timer of engineTimers) clearTimeout(timer);
      engineTimers.clear();
    }
  }
}

let loading: Promise<SchemaEngineClass> | undefined;

/**
 * The engine's class, with the WebAssembly module instantiated and started once per process: the
 * glue module keeps the instance in module state, so a second instantiation would replace the
 * first one under the feet of engines still running on it.
 */
export function loadSchemaEngine(): Promise<SchemaEngineClass> {
  loading ??= instantiate().catch((error: unknown) => {
    loading = undefined; // let a later call retry (e.g. after a transient read error)
    throw error;
  });
  return loading;
}

async function instantiate(): Promise<SchemaEngineClass> {
  // The package's "exports" only expose the JS glue; the .wasm file sits next to it.
  const gluePath = createRequire(import.meta.url).resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const bytes = await readFile(path.join(path.dirname(gluePath), 'schema_engine_bg.wasm'));

  const imports: WebAssembly.ModuleImports = { ...(glue as unknown as WebAssembly.ModuleImports) };
  let replaced = 0;
  for (const name of Object.keys(imports)) {
    if (name.startsWith('__wbg_setTimeout_')) {
      imports[name] = (callback: () => void, ms: number) => {
        const timer = setTimeout(() => {
          engineTimers.delete(timer);
          callback();
        }, ms >>> 0).unref();
        engineTimers.add(timer);
        return timer;
      };
      replaced++;
    } else if (name.startsWith('__wbg_set_message_')) {
      imports[name] = (ptr: number, len: number) => {
        lastPanicMessage = `RuntimeError: ${decodeWasmString(instance, ptr, len)}`;
        // The trap that follows may surface as an uncaught exception (when it happens while a
        // future is polled from a microtask) that only says "unreachable": say why first.
        console.error(`Prisma schema engine panicked: ${lastPanicMessage}`);
      };
      replaced++;
    }
  }
  // The glue's function names carry a build hash: fail loudly if a new version renamed them.
  if (replaced !== 2) throw new Error(`Unexpected @prisma/schema-engine-wasm glue (${replaced}/2 hooks found)`);

  const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': imports });
  const exports = instance.exports as { __wbindgen_start: () => void };
  glue.__wbg_set_wasm(instance.exports);
  exports.__wbindgen_start();
  return glue.SchemaEngine;
}

function decodeWasmString(instance: WebAssembly.Instance, ptr: number, len: number): string {
  const memory = instance.exports.memory as WebAssembly.Memory;
  return new TextDecoder().decode(new Uint8Array(memory.buffer, ptr >>> 0, len >>> 0));
}
