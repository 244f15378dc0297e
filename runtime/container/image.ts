/**
 * Which runtime image this checkout runs, and a check that the container engine answers and holds
 * an image, with the fix in the message. Light on purpose: it loads without testcontainers.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';

/**
 * The runtime image: the one `npm run runtime:image` last built in this checkout (its content-hash
 * tag, in build/image/runtime-image), else azureml-sim-runtime:latest. Checkouts that share an
 * engine each run their own build, whatever another one tagged latest meanwhile.
 */
export const RUNTIME_IMAGE = ownImage() ?? 'azureml-sim-runtime:latest';

function ownImage(): string | undefined {
  try {
    return readFileSync(new URL('../../build/image/runtime-image', import.meta.url), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

const run = promisify(execFile);

export async function requireImage(image: string): Promise<void> {
  try {
    await run('docker', ['version', '--format', '{{.Server.Version}}']);
  } catch (error) {
    throw new Error(`No container engine answers (${(error as Error).message.split('\n')[0]}). Start one with: npm run container:engine`);
  }
  try {
    await run('docker', ['image', 'inspect', '--format', '{{.Id}}', image]);
  } catch {
    throw new Error(`The image ${image} is missing. Build it with: npm run runtime:image`);
  }
}
