/**
 * Blob data in memory (the default store). Each account gets a random key, which signs its SAS
 * tokens; a request with a SAS is refused as Blob Storage refuses it (sas.ts). Time is the
 * simulator's clock, so a SAS expires in service time.
 */
import { randomBytes } from 'node:crypto';
import { signContainerSas, verifyContainerSas } from './sas.ts';
import type { BlobStore, ContainerRef } from './store.ts';

export class MemoryBlobStore implements BlobStore {
  readonly kind = 'memory';
  /** "account/container" -> path -> data. */
  readonly #containers = new Map<string, Map<string, Buffer>>();
  readonly #keys = new Map<string, string>();

  constructor(private readonly now: () => number) {}

  async put(ref: ContainerRef, path: string, data: Buffer): Promise<void> {
    const key = `${ref.account}/${ref.container}`;
    if (!this.#containers.has(key)) this.#containers.set(key, new Map());
    this.#containers.get(key)!.set(path, data);
  }

  async get(ref: ContainerRef, path: string, sas?: string): Promise<Buffer | undefined> {
    if (sas) await verifyContainerSas(sas, this.#key(ref.account), ref.container, 'r', this.now());
    return this.#containers.get(`${ref.account}/${ref.container}`)?.get(path);
  }

  async list(ref: ContainerRef, prefix: string, sas?: string): Promise<string[]> {
    if (sas) await verifyContainerSas(sas, this.#key(ref.account), ref.container, 'l', this.now());
    const blobs = this.#containers.get(`${ref.account}/${ref.container}`);
    return [...(blobs?.keys() ?? [])].filter((path) => path.startsWith(prefix)).sort();
  }

  containerSas(ref: ContainerRef, permissions: string, validForMs: number): Promise<string> {
    return signContainerSas(this.#key(ref.account), ref.container, permissions, new Date(this.now() + validForMs));
  }

  async close(): Promise<void> {
    this.#containers.clear();
  }

  #key(account: string): { account: string; key: string } {
    if (!this.#keys.has(account)) this.#keys.set(account, randomBytes(64).toString('base64'));
    return { account, key: this.#keys.get(account)! };
  }
}
