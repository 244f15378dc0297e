/**
 * The two blob stores answer alike: the same reads, listings and SAS refusals, in memory and in a
 * real Azurite (started here). Then what only Azurite has: data that really lives there, several
 * simulators sharing one Azurite, container names, and no Azurite outliving its parent.
 * Run: node --import tsx --test simulator/storage/stores.test.ts
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import { VirtualClock } from '../clock.ts';
import { startAzurite, type AzuriteServer } from './azurite.ts';
import { AzuriteBlobStore } from './azurite-store.ts';
import { BlobService } from './blobs.ts';
import { MemoryBlobStore } from './memory-store.ts';
import { BlobAccessDenied, type BlobStore } from './store.ts';

const HOUR = 3600_000;
const lake = { account: 'lake', container: 'data' };

let azurite: AzuriteServer;
before(async () => {
  azurite = await startAzurite();
  console.log(`Azurite started in ${azurite.startMs} ms at ${azurite.url}`);
});
after(() => azurite.stop());

/** What a call gave: its value, or the storage code it was refused with. */
async function outcome<T>(call: Promise<T>): Promise<T | string> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof BlobAccessDenied) return error.code;
    throw error;
  }
}

const stores: Array<[string, () => BlobStore]> = [
  ['memory', () => new MemoryBlobStore(() => Date.now())],
  ['azurite', () => new AzuriteBlobStore(async () => azurite)],
];

for (const [kind, make] of stores) {
  describe(`${kind} store`, () => {
    let store: BlobStore;
    before(async () => {
      store = make();
      await store.put(lake, 'mnist/a.png', Buffer.from('a'));
      await store.put(lake, 'mnist/b.png', Buffer.from('bb'));
      await store.put(lake, 'mnist-2/c.png', Buffer.from('c'));
    });
    after(() => store.close());

    test('reads back what was put, and nothing where nothing is', async () => {
      assert.equal((await store.get(lake, 'mnist/b.png'))?.toString(), 'bb');
      assert.equal(await store.get(lake, 'mnist/none.png'), undefined);
      assert.equal(await store.get({ account: 'lake', container: 'missing' }, 'mnist/a.png'), undefined);
    });

    test('lists by plain prefix, sorted; a missing container lists nothing', async () => {
      assert.deepEqual(await store.list(lake, 'mnist'), ['mnist-2/c.png', 'mnist/a.png', 'mnist/b.png']);
      assert.deepEqual(await store.list(lake, 'mnist/'), ['mnist/a.png', 'mnist/b.png']);
      assert.deepEqual(await store.list({ account: 'lake', container: 'missing' }, ''), []);
    });

    test('a SAS opens exactly what its permissions say', async () => {
      const sas = (p: string) => store.containerSas(lake, p, HOUR);
      const both = async (token: string) => [await outcome(store.list(lake, 'mnist/', token)), await outcome(store.get(lake, 'mnist/a.png', token).then((d) => d?.toString()))];
      assert.deepEqual(await both(await sas('rl')), [['mnist/a.png', 'mnist/b.png'], 'a']);
      assert.deepEqual(await both(await sas('l')), [['mnist/a.png', 'mnist/b.png'], 'AuthorizationPermissionMismatch']);
      assert.deepEqual(await both(await sas('r')), ['AuthorizationPermissionMismatch', 'a']);
      assert.deepEqual(await both(await sas('acw')), ['AuthorizationPermissionMismatch', 'AuthorizationPermissionMismatch']);
    });

    test('a SAS for another container, or with its permissions rewritten, is refused', async () => {
      const other = await store.containerSas({ account: 'lake', container: 'other' }, 'rl', HOUR);
      const widened = (await store.containerSas(lake, 'l', HOUR)).replace('sp=l', 'sp=rl');
      for (const token of [other, widened]) {
        // Blob Storage says AuthenticationFailed; Azurite says AuthorizationFailure. Both are 403s.
        assert.match(String(await outcome(store.get(lake, 'mnist/a.png', token))), /^Authentication|^Authorization/);
      }
    });
  });
}

describe('memory store', () => {
  test('a SAS expires on the simulator clock', async () => {
    const clock = new VirtualClock();
    const store = new MemoryBlobStore(() => clock.now());
    await store.put(lake, 'a.txt', Buffer.from('a'));
    const token = await store.containerSas(lake, 'r', HOUR);
    assert.equal((await store.get(lake, 'a.txt', token))?.toString(), 'a');
    await clock.advance(HOUR + 1000);
    assert.equal(await outcome(store.get(lake, 'a.txt', token)), 'AuthenticationFailed');
  });
});

describe('azurite store', () => {
  const raw = () => new BlobServiceClient(azurite.url, new StorageSharedKeyCredential(azurite.accountName, azurite.accountKey));

  test('the data lives in Azurite, in a container named after the store, account and container', async () => {
    const store = new AzuriteBlobStore(async () => azurite);
    await store.put(lake, 'mnist/a.png', Buffer.from('a'));
    assert.equal(store.containerName(lake), `${store.prefix}-lake-data`);
    const blob = raw().getContainerClient(`${store.prefix}-lake-data`).getBlobClient('mnist/a.png');
    assert.equal((await blob.downloadToBuffer()).toString(), 'a');
    await store.close();
  });

  test('names that make no valid container name are hashed into one', () => {
    const store = new AzuriteBlobStore(async () => azurite);
    for (const container of ['Upper_Case', `azureml-blobstore-${'0'.repeat(40)}`, 'two--hyphens']) {
      const name = store.containerName({ account: 'lake', container });
      assert.match(name, new RegExp(`^${store.prefix}-[0-9a-f]{40}$`));
    }
  });

  test('simulators sharing one Azurite see only their own blobs, and closing one leaves the other', async () => {
    const [one, two] = [new AzuriteBlobStore(async () => azurite), new AzuriteBlobStore(async () => azurite)];
    await one.put(lake, 'same/path.txt', Buffer.from('one'));
    await two.put(lake, 'same/path.txt', Buffer.from('two'));
    assert.equal((await one.get(lake, 'same/path.txt'))?.toString(), 'one');
    assert.equal((await two.get(lake, 'same/path.txt'))?.toString(), 'two');
    await one.close();
    assert.equal(await one.get(lake, 'same/path.txt'), undefined);
    assert.equal((await two.get(lake, 'same/path.txt'))?.toString(), 'two');
    await two.close();
    const left: string[] = [];
    for await (const c of raw().listContainers()) if (c.name.startsWith(one.prefix) || c.name.startsWith(two.prefix)) left.push(c.name);
    assert.deepEqual(left, []);
  });

  test('through BlobService: a folder or one file, and a role-less identity refused like a SAS', async () => {
    const blobs = new BlobService(new AzuriteBlobStore(async () => azurite), new VirtualClock());
    blobs.createAccount('lake');
    await blobs.put('lake', 'data', 'digits/1.png', 'one');
    await blobs.put('lake', 'data', 'digits/2.png', 'two');
    assert.deepEqual((await blobs.list('lake', 'data', '/digits/')).map((f) => [f.path, f.data.toString()]), [['digits/1.png', 'one'], ['digits/2.png', 'two']]);
    assert.deepEqual((await blobs.list('lake', 'data', 'digits/2.png')).map((f) => f.path), ['digits/2.png']);
    assert.throws(() => blobs.requireReader('lake', 'mi-1'), (e: unknown) => e instanceof BlobAccessDenied && e.code === 'AuthorizationPermissionMismatch');
    blobs.grant('lake', 'mi-1', 'Storage Blob Data Reader');
    blobs.requireReader('lake', 'mi-1');
    await blobs.close();
  });

  test('an Azurite ends with the process that started it, even one killed with SIGKILL', async () => {
    const script = `import { startAzurite } from ${JSON.stringify(new URL('./azurite.ts', import.meta.url).href)};
      const s = await startAzurite(); console.log(s.url);`;
    const parent = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const url = await new Promise<string>((resolve) => parent.stdout.on('data', (d: Buffer) => resolve(d.toString().trim())));
    assert.equal((await fetch(`${url}?comp=list`)).status, 403); // up: it wants a signed request
    parent.kill('SIGKILL');
    const deadline = Date.now() + 10_000;
    let down = false;
    while (!down && Date.now() < deadline) {
      down = await fetch(`${url}?comp=list`).then(() => false, () => true);
      if (!down) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(down, `Azurite at ${url} outlived its parent`);
  });
});
