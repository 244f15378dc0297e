/**
 * Files laid out on the local disk where workers read them: code snapshots, models and job
 * inputs. Folders are world-readable so that a container's unprivileged user can read them
 * through a read-only bind mount of the root.
 */
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { FileTree, Mount } from './runtime.ts';

export class MountRoot {
  #root?: Promise<string>;

  /** The root folder, made on first use. */
  dir(): Promise<string> {
    this.#root ??= mkdtemp(join(tmpdir(), 'azureml-sim-')).then(async (dir) => {
      await chmod(dir, 0o755);
      return dir;
    });
    return this.#root;
  }

  async mount(label: string, files: FileTree, options: { readOnly?: boolean } = {}): Promise<Mount> {
    const dir = await mkdtemp(join(await this.dir(), `${label.replace(/[^A-Za-z0-9_-]/g, '_')}-`));
    await chmod(dir, 0o755);
    for (const [relative, data] of files) {
      const path = join(dir, relative);
      await mkdir(dirname(path), { recursive: true, mode: 0o755 });
      await writeFile(path, data, { mode: options.readOnly ? 0o444 : 0o644 });
    }
    return {
      dir,
      path: (relative: string) => join(dir, relative),
      release: () => rm(dir, { recursive: true, force: true }),
    };
  }

  async remove(): Promise<void> {
    if (this.#root) await rm(await this.#root, { recursive: true, force: true });
    this.#root = undefined;
  }
}
