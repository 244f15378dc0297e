/**
 * Files laid out on the local disk where workers read them: code snapshots, models and job
 * inputs. Folders are world-readable so that a container's unprivileged user can read them
 * through a read-only bind mount of the root.
 */
import { accessSync, constants, mkdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { chmod, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { FileTree, Mount } from './runtime.ts';

/**
 * Files are written and removed with synchronous calls, this many at a time: each costs a few
 * system calls, where the promise API adds thread pool round trips that cost more than the work.
 * Between chunks the event loop runs, so worker replies are not held up.
 */
const CHUNK = 500;

async function inChunks<T>(items: readonly T[], each: (item: T) => void): Promise<void> {
  for (let i = 0; i < items.length; i += CHUNK) {
    if (i > 0) await new Promise((resolve) => setImmediate(resolve));
    for (const item of items.slice(i, i + CHUNK)) each(item);
  }
}

/**
 * Where mounts live: memory (/dev/shm) when the machine has it, so laying out a job's inputs does
 * not wait on the disk; SIM_MOUNT_DIR chooses another place.
 */
function mountBase(): string {
  const chosen = process.env.SIM_MOUNT_DIR;
  if (chosen) return chosen;
  try {
    accessSync('/dev/shm', constants.W_OK);
    return '/dev/shm';
  } catch {
    return tmpdir();
  }
}

/** A step may have removed a file of a writable mount itself. */
function unlinkIfThere(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

export class MountRoot {
  #root?: Promise<string>;

  /** The root folder, made on first use. */
  dir(): Promise<string> {
    this.#root ??= mkdtemp(join(mountBase(), 'azureml-sim-')).then(async (dir) => {
      await chmod(dir, 0o755);
      return dir;
    });
    return this.#root;
  }

  async mount(label: string, files: FileTree, options: { writable?: boolean } = {}): Promise<Mount> {
    const dir = await mkdtemp(join(await this.dir(), `${label.replace(/[^A-Za-z0-9_-]/g, '_')}-`));
    // A writable folder must be writable by a container's unprivileged user too.
    await chmod(dir, options.writable ? 0o777 : 0o755);
    // Folders once each, then the files: a job may mount tens of thousands.
    const folders = new Set([...files.keys()].map((relative) => dirname(join(dir, relative))));
    for (const folder of [...folders].sort()) mkdirSync(folder, { recursive: true, mode: 0o755 });
    const mode = options.writable ? 0o666 : 0o444;
    await inChunks([...files], ([relative, data]) => writeFileSync(join(dir, relative), data, { mode }));
    const written = [...files.keys()];
    return {
      dir,
      path: (relative: string) => join(dir, relative),
      read: () => readTree(dir),
      release: async () => {
        // The files it was given are unlinked by name (rm would stat each first); rm takes what a step added.
        await inChunks(written, (relative) => unlinkIfThere(join(dir, relative)));
        await rm(dir, { recursive: true, force: true });
      },
    };
  }

  async remove(): Promise<void> {
    if (this.#root) await rm(await this.#root, { recursive: true, force: true });
    this.#root = undefined;
  }
}

/** Every file under a folder, by relative path. */
export async function readTree(dir: string): Promise<Map<string, Buffer>> {
  const tree = new Map<string, Buffer>();
  const walk = async (folder: string, prefix: string) => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) await walk(path, `${prefix}${entry.name}/`);
      else if (entry.isFile()) tree.set(`${prefix}${entry.name}`, await readFile(path));
    }
  };
  await walk(dir, '');
  return tree;
}
