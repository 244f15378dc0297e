/**
 * Blob data in Azurite, through @azure/storage-blob. Azurite has one account (devstoreaccount1),
 * and several simulators may share one Azurite (cucumber's workers do), so each store maps a
 * simulated account and container onto a container of its own: "<store prefix>-<account>-<container>",
 * or "<store prefix>-<hash>" when that is not a valid container name. Closing the store deletes
 * its containers. A SAS is a real one, signed with Azurite's key, and Azurite itself refuses what
 * it does not allow.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { BlobServiceClient, ContainerClient } from '@azure/storage-blob';
import { sharedAzurite, type AzuriteEndpoint } from './azurite.ts';
import { signContainerSas } from './sas.ts';
import { BlobAccessDenied, type BlobStore, type ContainerRef } from './store.ts';

/** 3 to 63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit. */
const CONTAINER_NAME = /^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}$/;

interface Connection {
  endpoint: AzuriteEndpoint;
  service: BlobServiceClient;
  ContainerClient: typeof ContainerClient;
}

export class AzuriteBlobStore implements BlobStore {
  readonly kind = 'azurite';
  /** Letters and digits only: the first hyphen of a mapped name ends the prefix. */
  readonly prefix = `s${randomBytes(5).toString('hex')}`;
  #connection?: Promise<Connection>;
  readonly #created = new Map<string, Promise<unknown>>();

  constructor(private readonly endpoint: () => Promise<AzuriteEndpoint> = sharedAzurite) {}

  /**
   * The Azurite container that holds a simulated account's container. A hashed name has one
   * hyphen and a readable one at least two (accounts have none), so the two never meet.
   */
  containerName(ref: ContainerRef): string {
    const readable = `${this.prefix}-${ref.account}-${ref.container}`;
    if (CONTAINER_NAME.test(readable)) return readable;
    return `${this.prefix}-${createHash('sha256').update(`${ref.account}/${ref.container}`).digest('hex').slice(0, 40)}`;
  }

  async put(ref: ContainerRef, path: string, data: Buffer): Promise<void> {
    const container = (await this.#connect()).service.getContainerClient(this.containerName(ref));
    const name = container.containerName;
    if (!this.#created.has(name)) this.#created.set(name, container.createIfNotExists());
    await this.#created.get(name);
    await container.getBlockBlobClient(path).uploadData(data);
  }

  async get(ref: ContainerRef, path: string, sas?: string): Promise<Buffer | undefined> {
    const container = await this.#container(ref, sas);
    try {
      const response = await container.getBlobClient(path).download();
      return await collect(response.readableStreamBody!);
    } catch (error) {
      return refused(error, undefined);
    }
  }

  async list(ref: ContainerRef, prefix: string, sas?: string): Promise<string[]> {
    const container = await this.#container(ref, sas);
    const names: string[] = [];
    try {
      for await (const blob of container.listBlobsFlat({ prefix })) names.push(blob.name);
    } catch (error) {
      return refused(error, []);
    }
    return names.sort();
  }

  async containerSas(ref: ContainerRef, permissions: string, validForMs: number): Promise<string> {
    const { endpoint } = await this.#connect();
    // Azurite checks expiry against the real clock, not the simulator's.
    return signContainerSas({ account: endpoint.accountName, key: endpoint.accountKey }, this.containerName(ref), permissions, new Date(Date.now() + validForMs));
  }

  async close(): Promise<void> {
    if (!this.#connection) return;
    const { service } = await this.#connection;
    this.#created.clear();
    for await (const container of service.listContainers({ prefix: `${this.prefix}-` })) {
      await service.getContainerClient(container.name).deleteIfExists();
    }
  }

  async #container(ref: ContainerRef, sas: string | undefined): Promise<ContainerClient> {
    const connection = await this.#connect();
    const name = this.containerName(ref);
    if (!sas) return connection.service.getContainerClient(name);
    return new connection.ContainerClient(`${connection.endpoint.url}/${name}?${sas}`);
  }

  #connect(): Promise<Connection> {
    this.#connection ??= (async () => {
      const [endpoint, sdk] = await Promise.all([this.endpoint(), import('@azure/storage-blob')]);
      const credential = new sdk.StorageSharedKeyCredential(endpoint.accountName, endpoint.accountKey);
      return { endpoint, service: new sdk.BlobServiceClient(endpoint.url, credential), ContainerClient: sdk.ContainerClient };
    })();
    return this.#connection;
  }
}

/** A 404 means "not there" (`absent`); a 403 is Azurite refusing access; anything else is a fault. */
function refused<T>(error: unknown, absent: T): T {
  const { statusCode, code } = error as { statusCode?: number; code?: string };
  if (statusCode === 404) return absent;
  if (statusCode === 403) throw new BlobAccessDenied(code ?? 'AuthorizationFailure');
  throw error;
}

async function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}
