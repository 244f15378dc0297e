import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { test } from 'node:test';
import { MountRoot } from './mounts.ts';

const tree = (count: number) => new Map(Array.from({ length: count }, (_, i) => [`in/f${String(i).padStart(4, '0')}.txt`, Buffer.from(`file ${i}`)]));

test('a mount laid out in the foreground holds every file once mount() resolves', async () => {
  const root = new MountRoot();
  const mount = await root.mount('fg', tree(1200));
  assert.equal(readdirSync(mount.path('in')).length, 1200);
  assert.ok(mount.inPlace(['in/f1199.txt']));
  await mount.ready(['in/f0000.txt', 'in/f1199.txt']);
  await root.remove();
});

test('a mount laid out in the background writes in the tree order; ready() waits for the files asked', async () => {
  const root = new MountRoot();
  const mount = await root.mount('bg', tree(2000), { inBackground: true });
  assert.equal(mount.inPlace(['in/f1999.txt']), false, 'the last file is not written at once');
  await mount.ready(['in/f1500.txt']);
  assert.ok(mount.inPlace(['in/f0000.txt', 'in/f1500.txt']));
  assert.equal(readFileSync(mount.path('in/f1500.txt'), 'utf8'), 'file 1500');
  await mount.ready(['in/f1999.txt']);
  assert.equal(readdirSync(mount.path('in')).length, 2000);
  await root.remove();
});

test('ready() names a file that is not part of the mount', async () => {
  const root = new MountRoot();
  const mount = await root.mount('bg', tree(100), { inBackground: true });
  assert.throws(() => mount.ready(['in/nope.txt']), /'in\/nope.txt' is not a file of this mount/);
  await root.remove();
});

test('releasing a mount still being laid out stops the layout, fails the waiters and removes what was written', async () => {
  const root = new MountRoot();
  const mount = await root.mount('bg', tree(3000), { inBackground: true });
  const last = assert.rejects(mount.ready(['in/f2999.txt']), /was released/);
  await mount.release();
  await last;
  assert.equal(existsSync(mount.dir), false);
  await root.remove();
});

test('removing the root waits for the releases under way', async () => {
  const root = new MountRoot();
  const mounts = await Promise.all([root.mount('a', tree(1500)), root.mount('b', tree(1500), { inBackground: true })]);
  const releases = mounts.map((m) => m.release());
  await root.remove();
  for (const m of mounts) assert.equal(existsSync(m.dir), false);
  await Promise.all(releases);
});
