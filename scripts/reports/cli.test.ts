import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRunnerArgs, parseRuntimes, parseStoragePasses, withTsx } from './cli.ts';

test('runner options are taken out, everything else goes to cucumber-js in order', () => {
  const a = parseRunnerArgs(
    ['--profile', 'ci', '--require-coverage', 'BE,PRS', '--tags', '@BE-13 and not @slow', '--require-coverage=AUTH', '--behaviors=/tmp/b.json', '--fail-fast'],
    'specs/behaviors.json',
  );
  assert.deepEqual(a.cucumberArgs, ['--profile', 'ci', '--tags', '@BE-13 and not @slow', '--fail-fast']);
  assert.deepEqual(a.requirePrefixes, ['BE', 'PRS', 'AUTH']);
  assert.equal(a.catalogPath, '/tmp/b.json');
  assert.deepEqual(a.featurePaths, []);
  assert.equal(a.help, false);
});

test('defaults', () => {
  const a = parseRunnerArgs([], 'specs/behaviors.json');
  assert.deepEqual(a, {
    cucumberArgs: [],
    requirePrefixes: [],
    catalogPath: 'specs/behaviors.json',
    runtimes: [],
    storagePasses: [],
    featurePaths: [],
    help: false,
    infoOnly: false,
  });
});

test('--help / --version / --i18n-* are information requests (no run, no reports)', () => {
  assert.equal(parseRunnerArgs(['--help'], 'c.json').infoOnly, true);
  assert.equal(parseRunnerArgs(['--i18n-keywords', 'fr'], 'c.json').infoOnly, true);
  assert.equal(parseRunnerArgs(['--tags', '--help'], 'c.json').infoOnly, false); // a tag value, odd but not an option
  assert.equal(parseRunnerArgs(['--help-runner'], 'c.json').help, true);
});

test('positional arguments are feature paths; option values are not', () => {
  const a = parseRunnerArgs(
    ['-p', 'ci', 'features/auth/token.feature:12', '--name', 'smoke', '--parallel=4', '-t', '@x', 'features/storage', '--dry-run'],
    'c.json',
  );
  assert.deepEqual(a.featurePaths, ['features/auth/token.feature:12', 'features/storage']);
  assert.deepEqual(a.cucumberArgs, ['-p', 'ci', 'features/auth/token.feature:12', '--name', 'smoke', '--parallel=4', '-t', '@x', 'features/storage', '--dry-run']);
});

test('everything after -- is positional', () => {
  const a = parseRunnerArgs(['--tags', '@a', '--', '--weird.feature'], 'c.json');
  assert.deepEqual(a.cucumberArgs, ['--tags', '@a', '--', '--weird.feature']);
  assert.deepEqual(a.featurePaths, ['--weird.feature']);
});

test('a runner option without its value is an error', () => {
  assert.throws(() => parseRunnerArgs(['--require-coverage'], 'c.json'), /--require-coverage needs a value/);
  assert.throws(() => parseRunnerArgs(['--behaviors'], 'c.json'), /--behaviors needs a value/);
});

test('withTsx adds --import tsx once and keeps existing NODE_OPTIONS', () => {
  assert.equal(withTsx(undefined), '--import tsx');
  assert.equal(withTsx('  '), '--import tsx');
  assert.equal(withTsx('--max-old-space-size=4096'), '--max-old-space-size=4096 --import tsx');
  assert.equal(withTsx('--enable-source-maps --import tsx'), '--enable-source-maps --import tsx');
  assert.equal(withTsx('--import=tsx --trace-warnings'), '--import=tsx --trace-warnings');
  assert.equal(withTsx('--import tsx/esm'), '--import tsx/esm');
  assert.equal(withTsx('--import tsxfoo'), '--import tsxfoo --import tsx');
});

test('--runtimes is taken out: comma-separated and/or repeated, order kept', () => {
  const a = parseRunnerArgs(['--runtimes', 'in-process, container', '--profile', 'ci', '--runtimes=gpu'], 'c.json');
  assert.deepEqual(a.runtimes, ['in-process', 'container', 'gpu']);
  assert.deepEqual(a.cucumberArgs, ['--profile', 'ci']);
  assert.deepEqual(parseRunnerArgs(['--tags', '@BE-13'], 'c.json').runtimes, []);
  // After "--" it is a feature path like any other.
  assert.deepEqual(parseRunnerArgs(['--', '--runtimes'], 'c.json').runtimes, []);
});

test('--runtimes refuses no name, a name twice and names unfit for a folder or a tag', () => {
  assert.throws(() => parseRunnerArgs(['--runtimes'], 'c.json'), /--runtimes needs a value/);
  assert.throws(() => parseRunnerArgs(['--runtimes', ' , '], 'c.json'), /at least one runtime/);
  assert.throws(() => parseRunnerArgs(['--runtimes', 'container,container'], 'c.json'), /container is given twice/);
  assert.throws(() => parseRunnerArgs(['--runtimes', 'in process'], 'c.json'), /"in process" is not a valid runtime name/);
  assert.throws(() => parseRunnerArgs(['--runtimes', '../x'], 'c.json'), /not a valid runtime name/);
  assert.throws(() => parseRunnerArgs(['--runtimes', '-x'], 'c.json'), /not a valid runtime name/);
  assert.deepEqual(parseRuntimes(['in-process,container', 'v1.2_b']), ['in-process', 'container', 'v1.2_b']);
});

test('--storage-pass names stores other than memory, once, and needs --runtimes', () => {
  const a = parseRunnerArgs(['--runtimes', 'in-process', '--storage-pass', 'azurite', '--tags', '@x'], 'c.json');
  assert.deepEqual(a.storagePasses, ['azurite']);
  assert.deepEqual(a.cucumberArgs, ['--tags', '@x']);
  assert.throws(() => parseStoragePasses(['memory']), /"memory" is not one of azurite/);
  assert.throws(() => parseStoragePasses(['azurite,azurite']), /azurite is given twice/);
  assert.throws(() => parseRunnerArgs(['--storage-pass=azurite'], 'c.json'), /--storage-pass needs --runtimes/);
});
