/**
 * Versioned assets (data, models, environments) of a workspace, addressed as azureml:<name>:<version>
 * or azureml:<name>@latest. Registering a name again makes a new version; versions never change.
 */
import { SimError } from '../errors.ts';

export interface Versioned {
  name: string;
  version: string;
}

export class AssetRegistry<T extends Versioned> {
  readonly #assets = new Map<string, T[]>();

  constructor(
    private readonly kind: string,
    private readonly workspace: string,
  ) {}

  /** The version a new asset of this name gets when none is given: one more than the latest. */
  nextVersion(name: string): string {
    const versions = this.#assets.get(name) ?? [];
    const numbers = versions.map((a) => Number(a.version)).filter(Number.isInteger);
    return String(numbers.length === 0 ? 1 : Math.max(...numbers) + 1);
  }

  add(asset: T): T {
    if (!/^[A-Za-z0-9_.-]{1,255}$/.test(asset.name)) {
      throw new SimError('BadRequest', { problem: `The ${this.kind} name '${asset.name}' may hold only letters, digits, '-', '_' and '.'.` });
    }
    const versions = this.#assets.get(asset.name) ?? [];
    if (versions.some((a) => a.version === asset.version)) {
      throw new SimError('ResourceAlreadyExists', { kind: this.kind, name: `${asset.name}:${asset.version}`, workspace: this.workspace });
    }
    this.#assets.set(asset.name, [...versions, asset]);
    return asset;
  }

  /** Resolves azureml:<name>:<version>, azureml:<name>@latest, <name>:<version> or <name>. */
  get(reference: string): T {
    const ref = reference.replace(/^azureml:/, '');
    const latest = ref.endsWith('@latest');
    const [name, version] = latest ? [ref.slice(0, -'@latest'.length), undefined] : ref.split(':');
    const versions = this.#assets.get(name) ?? [];
    const asset = version === undefined ? versions.at(-1) : versions.find((a) => a.version === version);
    if (!asset) throw new SimError('ResourceNotFound', { kind: this.kind, name: reference, workspace: this.workspace });
    return asset;
  }

  has(reference: string): boolean {
    try {
      this.get(reference);
      return true;
    } catch {
      return false;
    }
  }

  list(): T[] {
    return [...this.#assets.values()].flat();
  }
}
