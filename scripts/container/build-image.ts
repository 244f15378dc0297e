/**
 * `npm run runtime:image`: builds the scoring runtime's container image without any registry.
 *
 * 1. The base image is made from this machine's own files: the node binary and the shared
 *    libraries that `ldd` lists for node and for onnxruntime-node's binding, plus a passwd file
 *    with an unprivileged user, tarred and loaded with `docker import`.
 * 2. The runtime image adds the agent and the worker host, bundled with esbuild, and
 *    onnxruntime-node's Linux CPU binaries.
 * Both are tagged with a hash of what went into them, so an unchanged build is a cache hit that
 * touches nothing. `azureml-sim-runtime:latest` always names the newest runtime image, whichever
 * checkout built it; build/image/runtime-image names this checkout's own, which the container
 * runtime uses (several checkouts may share one engine).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { build } from 'esbuild';
import { NODE_BUNDLE } from '../../runtime/host/bundle.ts';

export const BASE_REPOSITORY = 'azureml-sim-base';
export const RUNTIME_REPOSITORY = 'azureml-sim-runtime';
export const RUNTIME_IMAGE = `${RUNTIME_REPOSITORY}:latest`;
export const FIXTURE_REPOSITORY_PREFIX = 'azureml-sim-fixture-';

const ROOT = process.cwd();
const WORK = join(ROOT, 'build', 'image');
/** The tag of the runtime image this checkout built last (read by runtime/container/runtime.ts). */
export const OWN_IMAGE_FILE = join(WORK, 'runtime-image');
const BINDING_DIR = 'node_modules/onnxruntime-node/bin/napi-v6/linux/x64';

function docker(args: string[], input?: Buffer): string {
  return execFileSync('docker', args, { input, maxBuffer: 1 << 30, stdio: ['pipe', 'pipe', 'pipe'] }).toString('utf8').trim();
}

function imageExists(tag: string): boolean {
  try {
    docker(['image', 'inspect', '--format', '{{.Id}}', tag]);
    return true;
  } catch {
    return false;
  }
}

/** Shared libraries a binary loads, as absolute paths (from ldd). */
function sharedLibraries(binary: string): string[] {
  const out = execFileSync('ldd', [binary]).toString('utf8');
  return [...out.matchAll(/(?:=>\s*)?(\/\S+)\s+\(0x/g)].map((m) => m[1]);
}

/** A content hash of files, named relative to `base` so the checkout's location does not matter. */
function hashFiles(files: string[], extra = '', base = '/'): string {
  const hash = createHash('sha256').update(extra);
  for (const file of [...files].sort()) hash.update(relative(base, file)).update(readFileSync(file));
  return hash.digest('hex').slice(0, 16);
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    return e.isDirectory() ? listFiles(path) : [path];
  });
}

/** The base image: node and its libraries, nothing else. */
function buildBase(): string {
  const node = realpathSync(process.execPath);
  const binding = join(ROOT, BINDING_DIR, 'onnxruntime_binding.node');
  const libraries = [...new Set([...sharedLibraries(node), ...sharedLibraries(binding)])].filter((l) => !l.includes('node_modules'));
  const tag = `${BASE_REPOSITORY}:${hashFiles([node, ...libraries.map((l) => realpathSync(l))], 'base-v2')}`;
  if (imageExists(tag)) return tag;

  const rootfs = join(WORK, 'rootfs');
  rmSync(rootfs, { recursive: true, force: true });
  const place = (source: string, target: string) => {
    mkdirSync(dirname(join(rootfs, target)), { recursive: true });
    cpSync(realpathSync(source), join(rootfs, target));
  };
  place(node, '/usr/local/bin/node');
  for (const library of libraries) place(library, library);
  mkdirSync(join(rootfs, 'etc'), { recursive: true });
  writeFileSync(join(rootfs, 'etc/passwd'), 'root:x:0:0:root:/root:/sbin/nologin\nazureml:x:1000:1000:azureml:/tmp:/sbin/nologin\n');
  writeFileSync(join(rootfs, 'etc/group'), 'root:x:0:\nazureml:x:1000:\n');
  mkdirSync(join(rootfs, 'tmp'), { recursive: true });
  chmodSync(join(rootfs, 'tmp'), 0o1777); // mkdir's mode is cut by the umask
  const tar = execFileSync('tar', ['--sort=name', '--mtime=@0', '--owner=0', '--group=0', '--numeric-owner', '-C', rootfs, '-c', '.'], { maxBuffer: 1 << 30 });
  docker(['import', '--change', 'ENV PATH=/usr/local/bin', '-', tag], tar);
  return tag;
}

/** The agent and the worker host as two self-contained ES modules. */
async function bundle(app: string): Promise<void> {
  await build({
    entryPoints: { agent: 'runtime/server/agent.ts', worker: 'runtime/host/worker-host.ts' },
    outdir: app,
    ...NODE_BUNDLE,
    legalComments: 'none',
  });
  // The error catalog is read next to the module that loads it, which is now the bundle.
  cpSync('specs/errors.json', join(app, 'errors.json'));
  // The Open Inference Protocol's model script, run by a worker like any entry script.
  cpSync('runtime/server/oip-model.mjs', join(app, 'oip-model.mjs'));
  for (const pkg of ['onnxruntime-common']) cpSync(join('node_modules', pkg), join(app, 'node_modules', pkg), { recursive: true });
  const ort = join(app, 'node_modules', 'onnxruntime-node');
  for (const part of ['package.json', 'dist', BINDING_DIR.replace('node_modules/onnxruntime-node/', '')]) {
    cpSync(join('node_modules/onnxruntime-node', part), join(ort, part), { recursive: true });
  }
}

export async function buildRuntimeImage(): Promise<{ base: string; runtime: string; cached: boolean }> {
  const base = buildBase();
  const context = join(WORK, 'runtime');
  rmSync(context, { recursive: true, force: true });
  mkdirSync(context, { recursive: true });
  await bundle(join(context, 'app'));
  writeFileSync(
    join(context, 'Dockerfile'),
    [
      `FROM ${base}`,
      'COPY app/ /app/',
      'ENV ORT_DISABLE_TELEMETRY=1',
      'USER 1000:1000',
      'WORKDIR /app',
      'ENTRYPOINT ["/usr/local/bin/node", "/app/agent.mjs"]',
      '',
    ].join('\n'),
  );
  const files = listFiles(context);
  const tag = `${RUNTIME_REPOSITORY}:${hashFiles(files, 'runtime-v1', context)}`;
  const cached = imageExists(tag);
  if (!cached) docker(['build', '--quiet', '-t', tag, context]);
  docker(['tag', tag, RUNTIME_IMAGE]);
  writeFileSync(OWN_IMAGE_FILE, `${tag}\n`);
  buildFixtureImages(base);
  return { base, runtime: tag, cached };
}

/** Images of fixtures/images/<name>.Dockerfile, on the base image: azureml-sim-fixture-<name>:latest. */
function buildFixtureImages(base: string): void {
  for (const file of readdirSync('fixtures/images').filter((f) => f.endsWith('.Dockerfile'))) {
    const dockerfile = readFileSync(join('fixtures/images', file), 'utf8').replace('{{BASE}}', base);
    const name = `${FIXTURE_REPOSITORY_PREFIX}${file.replace('.Dockerfile', '')}`;
    const tag = `${name}:${createHash('sha256').update(dockerfile).digest('hex').slice(0, 16)}`;
    if (!imageExists(tag)) {
      const context = join(WORK, 'fixtures', file);
      mkdirSync(context, { recursive: true });
      writeFileSync(join(context, 'Dockerfile'), dockerfile);
      docker(['build', '--quiet', '-t', tag, context]);
    }
    docker(['tag', tag, `${name}:latest`]);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = performance.now();
  const result = await buildRuntimeImage();
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`runtime image ${result.runtime} (${result.cached ? 'cached' : 'built'}) on ${result.base}, tagged ${RUNTIME_IMAGE}, in ${seconds} s`);
  if (!existsSync(WORK) || !statSync(WORK).isDirectory()) process.exit(1);
}
