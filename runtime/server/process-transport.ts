/**
 * A worker host in a real child process: crashes, exits, signals and memory limits are real.
 * Used by the runtime server (the agent), inside a container or on the host.
 */
import { fork } from 'node:child_process';
import type { Transport, TransportExit } from '../host/channel.ts';
import type { HostReply } from '../host/worker-host.ts';
import { endOrphans, orphansEnded } from './orphans.ts';

/** The host module: the bundled worker in the image, or the TypeScript one (through tsx) on a host. */
export interface HostModule {
  path: string;
  execArgv: string[];
}

export function processTransport(host: HostModule, processName: string): Transport {
  const child = fork(host.path, [processName], {
    execArgv: host.execArgv,
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  let exit: TransportExit | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      // Whatever the worker started and left running goes with it (in a container).
      void endOrphans();
      resolve();
    });
    // The process could not be started (spawn EAGAIN: the node's process limit is reached): it
    // ends at once, with the reason. Other errors (a message that could not be sent) end nothing.
    child.on('error', (error) => {
      if (child.pid !== undefined || exit) return;
      exit = { code: null, signal: null, crash: error };
      resolve();
    });
  });
  return {
    pid: child.pid ?? -1,
    command: `node worker-host ${processName}`,
    send: (request) => {
      if (child.connected) child.send(request);
    },
    onMessage: (listener) => child.on('message', (reply) => listener(reply as HostReply)),
    onExit: (listener) => void exited.then(() => listener(exit!)),
    kill: async () => {
      if (!exit) child.kill('SIGKILL');
      await exited;
      await orphansEnded();
    },
  };
}
