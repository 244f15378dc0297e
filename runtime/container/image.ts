/** Checks that the container engine answers and holds an image, with the fix in the message. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

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
