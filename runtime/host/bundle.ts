/**
 * The worker host as one plain ES module, built once per process with esbuild: worker threads
 * then load it directly, without registering a TypeScript loader (and its hooks thread) each.
 * The container image ships the same bundle (scripts/container/build-image.ts).
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync, type BuildOptions } from 'esbuild';

/** CommonJS dependencies (pngjs) require node built-ins; an ES module needs a require for that. */
export const REQUIRE_BANNER = "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

/** How the host is bundled, here and for the runtime image: ES modules for Node 20, onnxruntime-node left out. */
export const NODE_BUNDLE = {
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Resolved from node_modules at run time: its binary is not bundled.
  external: ['onnxruntime-node'],
  banner: { js: REQUIRE_BANNER },
  logLevel: 'warning',
} satisfies BuildOptions;

let built: string | undefined;

export function hostBundle(): string {
  if (built) return built;
  // Inside the project, so the bundle's external imports resolve from its node_modules.
  const cache = fileURLToPath(new URL('../../node_modules/.cache/azureml-sim/', import.meta.url));
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(join(cache, 'host-'));
  const outfile = join(dir, 'worker.mjs');
  buildSync({
    entryPoints: { worker: fileURLToPath(new URL('./worker-host.ts', import.meta.url)) },
    outdir: dir,
    ...NODE_BUNDLE,
    // Packages a script imports (pyfunc and yaml, pngjs) become chunks, compiled only by the
    // threads that load them: every thread compiles what it runs, not the whole bundle.
    splitting: true,
  });
  // The error catalog is read beside the module that loads it, which is now the bundle.
  copyFileSync(fileURLToPath(new URL('../../specs/errors.json', import.meta.url)), join(dir, 'errors.json'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  built = outfile;
  return outfile;
}
