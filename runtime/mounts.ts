/**
 * Files laid out on the local disk where workers read them: code snapshots, models and job
 * inputs. Folders are world-readable so that a container's unprivileged user can read them
 * through a read-only bind mount of the root.
 */
import { accessSync, constants } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { FileTree, Mount } from './runtime.ts';

const WRITE_BATCH = 64;

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
    // Folders once each, then the files many at a time: a job may mount tens of thousands.
    const folders = new Set([...files.keys()].map((relative) => dirname(join(dir, relative))));
    for (const folder of [...folders].sort()) await mkdir(folder, { recursive: true, mode: 0o755 });
    const entries = [...files];
    for (let i = 0; i < entries.length; i += WRITE_BATCH) {
      await Promise.all(entries.slice(i, i + WRITE_BATCH).map(([relative, data]) => writeFile(join(dir, relative), data, { mode: options.writable ? 0o666 : 0o444 })));
    }
    return {
      dir,
      path: (relative: string) => join(dir, relative),
      read: () => readTree(dir),
      release: () => rm(dir, { recursive: true, force: true }),
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
