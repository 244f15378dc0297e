/**
 * Files laid out on the local disk where workers read them: code snapshots, models and job
 * inputs. Folders are world-readable so that a container's unprivileged user can read them
 * through a read-only bind mount of the root.
 */
import { accessSync, constants, mkdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { chmod, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { FileTree, Mount, MountOptions } from './runtime.ts';

/**
 * Files are written and removed with synchronous calls, this many at a time: each costs a few
 * system calls, where the promise API adds thread pool round trips that cost more than the work.
 * Between chunks the event loop runs, so worker replies are not held up; a mount laid out in the
 * background takes smaller chunks, as workers are then scoring while it is written.
 */
const CHUNK = 500;
const BACKGROUND_CHUNK = 16;

async function inChunks<T>(items: readonly T[], each: (item: T) => void, options: { size?: number; stop?: () => boolean; done?: (count: number) => void } = {}): Promise<void> {
  const size = options.size ?? CHUNK;
  for (let i = 0; i < items.length; i += size) {
    if (i > 0) await new Promise((resolve) => setImmediate(resolve));
    if (options.stop?.()) return;
    for (const item of items.slice(i, i + size)) each(item);
    options.done?.(Math.min(i + size, items.length));
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
  /** Releases under way: the root is removed once they have ended. */
  readonly #releasing = new Set<Promise<void>>();

  /** The root folder, made on first use. */
  dir(): Promise<string> {
    this.#root ??= mkdtemp(join(mountBase(), 'azureml-sim-')).then(async (dir) => {
      await chmod(dir, 0o755);
      return dir;
    });
    return this.#root;
  }

  async mount(label: string, files: FileTree, options: MountOptions = {}): Promise<Mount> {
    const dir = await mkdtemp(join(await this.dir(), `${label.replace(/[^A-Za-z0-9_-]/g, '_')}-`));
    // A writable folder must be writable by a container's unprivileged user too.
    await chmod(dir, options.writable ? 0o777 : 0o755);
    // Folders once each, then the files: a job may mount tens of thousands.
    const folders = new Set([...files.keys()].map((relative) => dirname(join(dir, relative))));
    for (const folder of [...folders].sort()) mkdirSync(folder, { recursive: true, mode: 0o755 });
    const mode = options.writable ? 0o666 : 0o444;
    const entries = [...files];
    const layout = new Layout(entries.map(([relative]) => relative));
    let released = false;
    const writing = inChunks(entries, ([relative, data]) => writeFileSync(join(dir, relative), data, { mode }), {
      size: options.inBackground ? BACKGROUND_CHUNK : CHUNK,
      stop: () => released,
      done: (count) => layout.written(count),
    }).catch((error: Error) => layout.failed(error));
    if (!options.inBackground) await writing;
    layout.rethrow();
    return {
      dir,
      path: (relative: string) => join(dir, relative),
      inPlace: (relative) => layout.inPlace(relative),
      ready: (relative) => layout.ready(relative),
      read: () => readTree(dir),
      release: () => {
        released = true;
        const releasing = (async () => {
          await writing;
          layout.failed(new Error(`the mount ${dir} was released`));
          // The files it was given are unlinked by name (rm would stat each first); rm takes what a step added.
          await inChunks(entries.slice(0, layout.count), ([relative]) => unlinkIfThere(join(dir, relative)));
          await rm(dir, { recursive: true, force: true });
        })();
        this.#releasing.add(releasing);
        const done = () => this.#releasing.delete(releasing);
        releasing.then(done, done);
        return releasing;
      },
    };
  }

  async remove(): Promise<void> {
    await Promise.allSettled([...this.#releasing]);
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

/** Which files of a mount are in place: the first `count` of the tree's order. */
class Layout {
  count = 0;
  #positions?: Map<string, number>;
  #waiting: Array<{ last: number; resolve: () => void; reject: (error: Error) => void }> = [];
  #error?: Error;

  constructor(private readonly order: readonly string[]) {}

  /** Position + 1 of the last of these files in the order (built on first use: most mounts never ask). */
  #needed(relative: readonly string[]): number {
    if (this.count === this.order.length) return 0;
    this.#positions ??= new Map(this.order.map((path, i) => [path, i]));
    let last = 0;
    for (const path of relative) {
      const position = this.#positions.get(path);
      if (position === undefined) throw new Error(`'${path}' is not a file of this mount`);
      last = Math.max(last, position + 1);
    }
    return last;
  }

  inPlace(relative: readonly string[]): boolean {
    return this.#needed(relative) <= this.count;
  }

  ready(relative: readonly string[]): Promise<void> {
    if (this.#error) return Promise.reject(this.#error);
    const last = this.#needed(relative);
    if (last <= this.count) return Promise.resolve();
    return new Promise((resolve, reject) => this.#waiting.push({ last, resolve, reject }));
  }

  written(count: number): void {
    this.count = count;
    this.#waiting = this.#waiting.filter((w) => (w.last <= count ? (w.resolve(), false) : true));
  }

  failed(error: Error): void {
    this.#error ??= error;
    for (const w of this.#waiting.splice(0)) w.reject(this.#error);
  }

  /** A mount laid out in the foreground fails with the reason it failed. */
  rethrow(): void {
    if (this.#error && this.count < this.order.length) throw this.#error;
  }
}
