/** Command-line handling for scripts/run-features.ts (kept here so it can be unit-tested). */
import { STORAGE_KINDS } from '../../simulator/storage/store.ts';
import { parsePrefixes } from './coverage.ts';

/** cucumber-js options that take a value (so the next argument is not a feature path). */
const CUCUMBER_VALUE_OPTIONS = new Set([
  '-c', '--config', '-f', '--format', '--format-options', '--i18n-keywords', '-i', '--import',
  '-l', '--loader', '--language', '--name', '--order', '-p', '--profile', '--parallel',
  '--plugin', '--plugin-options', '-r', '--require', '--require-module', '--retry',
  '--retry-tag-filter', '--shard', '-t', '--tags', '--world-parameters',
]);

export interface RunnerArgs {
  /** Arguments passed to cucumber-js unchanged, in order. */
  cucumberArgs: string[];
  /** From --require-coverage (comma-separated and/or repeated). */
  requirePrefixes: string[];
  /** From --behaviors. */
  catalogPath: string;
  /**
   * From --runtimes (comma-separated and/or repeated), in order, without duplicates. Empty when
   * the option is absent: one run, SIM_RUNTIME left as it is, reports in reports/.
   */
  runtimes: string[];
  /**
   * From --storage-pass (comma-separated and/or repeated): stores other than memory whose own pass
   * runs the @storage scenarios (SIM_STORAGE=<store>) after the runtimes'. Needs --runtimes.
   */
  storagePasses: string[];
  /** Feature paths/globs among the cucumber args (positional arguments). */
  featurePaths: string[];
  help: boolean;
  /** cucumber-js is asked for information only (--help, --version, --i18n-*): no test run, no reports. */
  infoOnly: boolean;
}

const CUCUMBER_INFO_OPTIONS = new Set(['-h', '--help', '-v', '--version', '--i18n-languages', '--i18n-keywords']);

/**
 * A runtime name becomes a directory (reports/<runtime>/), a tag (@<runtime>-only) and the value
 * of SIM_RUNTIME: letters, digits, ".", "_" and "-", starting with a letter or digit.
 */
export const RUNTIME_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Splits "in-process,container" / repeated values into runtime names; checks names and duplicates. */
export function parseRuntimes(values: readonly string[]): string[] {
  if (values.length === 0) return [];
  const names = values
    .flatMap((v) => v.split(','))
    .map((r) => r.trim())
    .filter((r) => r !== '');
  if (names.length === 0) throw new Error('--runtimes needs at least one runtime name (e.g. in-process,container)');
  const seen = new Set<string>();
  for (const r of names) {
    if (!RUNTIME_NAME.test(r)) {
      throw new Error(`--runtimes: "${r}" is not a valid runtime name (letters, digits, ".", "_", "-")`);
    }
    if (seen.has(r)) throw new Error(`--runtimes: ${r} is given twice`);
    seen.add(r);
  }
  return names;
}

/** Splits "azurite" / repeated values into stores; each must be a store other than memory, once. */
export function parseStoragePasses(values: readonly string[]): string[] {
  const names = values.flatMap((v) => v.split(',')).map((s) => s.trim()).filter((s) => s !== '');
  const allowed = STORAGE_KINDS.filter((k) => k !== 'memory');
  for (const [i, name] of names.entries()) {
    if (!(allowed as readonly string[]).includes(name)) throw new Error(`--storage-pass: "${name}" is not one of ${allowed.join(', ')}`);
    if (names.indexOf(name) !== i) throw new Error(`--storage-pass: ${name} is given twice`);
  }
  return names;
}

/**
 * Takes out the runner's own options (--require-coverage, --behaviors, --runtimes, --storage-pass,
 * --help-runner, also as --opt=value) and passes everything else through to cucumber-js.
 */
export function parseRunnerArgs(argv: readonly string[], defaultCatalog: string): RunnerArgs {
  const cucumberArgs: string[] = [];
  const requireValues: string[] = [];
  const runtimeValues: string[] = [];
  const storageValues: string[] = [];
  const featurePaths: string[] = [];
  let catalogPath = defaultCatalog;
  let help = false;
  let infoOnly = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = argv[i + 1];
      if (next === undefined) throw new Error(`${name} needs a value`);
      i++;
      return next;
    };

    if (name === '--require-coverage') requireValues.push(value());
    else if (name === '--behaviors') catalogPath = value();
    else if (name === '--runtimes') runtimeValues.push(value());
    else if (name === '--storage-pass') storageValues.push(value());
    else if (name === '--help-runner') help = true;
    else if (arg === '--') {
      // Everything after "--" is positional for cucumber-js.
      const rest = argv.slice(i + 1);
      cucumberArgs.push('--', ...rest);
      featurePaths.push(...rest);
      break;
    } else {
      cucumberArgs.push(arg);
      if (CUCUMBER_INFO_OPTIONS.has(name)) infoOnly = true;
      if (CUCUMBER_VALUE_OPTIONS.has(name) && inline === undefined && i + 1 < argv.length) {
        cucumberArgs.push(argv[++i]);
      } else if (!arg.startsWith('-')) {
        featurePaths.push(arg);
      }
    }
  }
  const runtimes = parseRuntimes(runtimeValues);
  const storagePasses = parseStoragePasses(storageValues);
  if (storagePasses.length > 0 && runtimes.length === 0) throw new Error('--storage-pass needs --runtimes: it adds a column to theirs');
  return {
    cucumberArgs,
    requirePrefixes: parsePrefixes(requireValues),
    catalogPath,
    runtimes,
    storagePasses,
    featurePaths,
    help,
    infoOnly,
  };
}

/** Adds `--import tsx` to NODE_OPTIONS unless tsx is already registered there. */
export function withTsx(nodeOptions: string | undefined): string {
  const current = (nodeOptions ?? '').trim();
  if (/(^|\s)--(import|loader)(=|\s+)tsx(\/esm)?(\s|$)/.test(current)) return current;
  return current === '' ? '--import tsx' : `${current} --import tsx`;
}
