/**
 * Azurite (the npm package) as a real Blob Storage endpoint: its blob service started as a child
 * process on 127.0.0.1, on a port the system picks, with in-memory persistence, no access log and
 * no telemetry. A process starts at most one, on first use, unless SIM_AZURITE_URL names one to
 * share (scripts/run-features.ts starts one per run and hands it to every cucumber worker).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Azurite's one account, and its well-known key (published in Azurite's README). */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/** Where Azurite's blob service answers: http://127.0.0.1:<port>/devstoreaccount1. */
export interface AzuriteEndpoint {
  url: string;
  accountName: string;
  accountKey: string;
}

export interface AzuriteServer extends AzuriteEndpoint {
  /** Milliseconds from spawn to listening. */
  startMs: number;
  stop(): Promise<void>;
  /** Lets this process exit while Azurite runs; Azurite then ends with it. */
  unref(): void;
}

const CHILD = fileURLToPath(new URL('./azurite-child.mjs', import.meta.url));
const LISTENING = /successfully listens on (http:\/\/\S+)/;

const ARGS = [
  '--blobHost', '127.0.0.1',
  '--blobPort', '0',
  '--inMemoryPersistence',
  // The data of a test run is small; Azurite's default cap is half the machine's memory.
  '--extentMemoryLimit', '512',
  '--silent',
  '--disableTelemetry',
  // @azure/storage-blob 12.32 speaks API version 2026-04-06, newer than Azurite 3.35 knows; the
  // calls we make are old ones.
  '--skipApiVersionCheck',
];

/** Starts Azurite's blob service; resolves once it listens. */
export function startAzurite(timeoutMs = 30_000): Promise<AzuriteServer> {
  const started = Date.now();
  // Neither tsx (NODE_OPTIONS) nor a user's AZURITE_ACCOUNTS belongs in the child: the first slows
  // it down, the second would change the account and key this module relies on.
  const { NODE_OPTIONS: _node, AZURITE_ACCOUNTS: _accounts, ...env } = process.env;
  const child = spawn(process.execPath, [CHILD, ...ARGS], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'], env });
  let output = '';
  return new Promise<AzuriteServer>((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`Azurite did not start: ${why}\n${output.trim()}`));
    };
    const timer = setTimeout(() => fail(`not listening after ${timeoutMs} ms`), timeoutMs);
    child.once('error', (error) => fail(error.message));
    child.once('exit', (code, signal) => fail(`exited with ${signal ?? `code ${code}`}`));
    const collect = (chunk: Buffer) => {
      // Kept short: only for the error message of a failed start.
      output = (output + chunk.toString('utf8')).slice(-4000);
      const url = LISTENING.exec(output)?.[1];
      if (!url) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve(serverOf(child, `${url}/${AZURITE_ACCOUNT}`, Date.now() - started));
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
  });
}

function serverOf(child: ChildProcess, url: string, startMs: number): AzuriteServer {
  const exited = new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
  return {
    url,
    accountName: AZURITE_ACCOUNT,
    accountKey: AZURITE_KEY,
    startMs,
    async stop() {
      // Closing the channel makes the child exit (azurite-child.mjs); SIGKILL if it hangs.
      if (child.connected) child.disconnect();
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(killer);
    },
    unref() {
      child.unref();
      child.channel?.unref();
      for (const stream of [child.stdout, child.stderr]) (stream as unknown as { unref(): void }).unref();
    },
  };
}

/** An Azurite that someone else started (SIM_AZURITE_URL): its account must be devstoreaccount1. */
export function azuriteAt(url: string): AzuriteEndpoint {
  const trimmed = url.replace(/\/+$/, '');
  if (!trimmed.endsWith(`/${AZURITE_ACCOUNT}`)) throw new Error(`SIM_AZURITE_URL must end with /${AZURITE_ACCOUNT}, got '${url}'`);
  return { url: trimmed, accountName: AZURITE_ACCOUNT, accountKey: AZURITE_KEY };
}

let shared: Promise<AzuriteEndpoint> | undefined;

/**
 * The Azurite this process uses: SIM_AZURITE_URL's, or one started now and stopped when the
 * process exits. It never keeps the process alive by itself.
 */
export function sharedAzurite(): Promise<AzuriteEndpoint> {
  shared ??= process.env.SIM_AZURITE_URL ? Promise.resolve(azuriteAt(process.env.SIM_AZURITE_URL)) : startDetached();
  return shared;
}

async function startDetached(): Promise<AzuriteEndpoint> {
  const server = await startAzurite();
  server.unref();
  // The channel closing at exit already ends the child; this says it sooner.
  process.once('exit', () => void server.stop());
  return server;
}
