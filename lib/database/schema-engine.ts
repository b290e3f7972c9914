import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';
import * as engineBindings from '@prisma/schema-engine-wasm/schema_engine_bg';

/*
 * Prisma's CLI needs its native schema engine for `migrate`, and that binary cannot be downloaded on this
 * project's machines. The same engine ships as WebAssembly on npm; its entry module imports the .wasm
 * file as an ES module, which Node does not support, so we instantiate the bindings ourselves.
 */

const BINDINGS = '@prisma/schema-engine-wasm/schema_engine_bg';
let ready: Promise<void> | undefined;

function instantiate(): Promise<void> {
  ready ??= (async () => {
    // Resolved from the project folder at run time: inside a Next.js bundle a literal require.resolve
    // becomes a module id, not a path.
    const fromProject = createRequire(path.join(process.cwd(), 'package.json'));
    const bindingsPath = fromProject.resolve(/* turbopackIgnore: true */ BINDINGS);
    const wasmPath = bindingsPath.replace(/\.js$/, '.wasm');
    const imports = { './schema_engine_bg.js': engineBindings } as unknown as WebAssembly.Imports;
    const { instance } = await WebAssembly.instantiate(
      await readFile(/* turbopackIgnore: true */ wasmPath),
      imports,
    );
    engineBindings.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start: () => void }).__wbindgen_start();
  })();
  return ready;
}

/** A schema engine working on the database behind `adapterFactory`. Call `free()` when done. */
export async function openSchemaEngine(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  schema: { path: string; content: string },
): Promise<SchemaEngine> {
  await instantiate();
  // The engine logs JSON lines at INFO and above; they are noise for a migration command.
  const onLog = () => {};
  return engineBindings.SchemaEngine.new(
    { datamodels: [[schema.path, schema.content]] },
    onLog,
    bindMigrationAwareSqlAdapterFactory(adapterFactory),
  );
}
