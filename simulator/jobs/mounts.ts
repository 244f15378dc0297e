/**
 * The folders a batch job or a pipeline step lays out on its nodes (code, model, inputs, outputs).
 * They are released when it ends, whatever happened (one still being laid out, once it is).
 * Releasing is the runtime's housekeeping, not the job's work: it runs off the virtual clock, so a
 * job has ended once its results are in, and a failure to clean up is logged, never lost.
 */
import type { FileTree, Mount, MountOptions, Runtime } from '../../runtime/runtime.ts';
import type { VirtualClock } from '../clock.ts';

export class JobMounts {
  readonly #mounts: Array<Promise<Mount>> = [];

  constructor(
    private readonly services: { clock: VirtualClock; runtime: Runtime },
    private readonly label: string,
    private readonly log: (line: string) => void,
  ) {}

  add(name: string, files: FileTree, options: MountOptions = {}): Promise<Mount> {
    const mount = this.services.clock.track(this.services.runtime.mount(`${this.label}-${name}`, files, options));
    // Its failure reaches whoever awaits it.
    mount.catch(() => {});
    this.#mounts.push(mount);
    return mount;
  }

  release(): void {
    for (const mount of this.#mounts.splice(0)) {
      mount.then(
        (mounted) => mounted.release().catch((error: Error) => this.log(`Could not clean up ${mounted.dir}: ${error.message}`)),
        () => {},
      );
    }
  }
}
