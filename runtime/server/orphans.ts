/**
 * What a dead worker left running (the processes a script started and did not end: a fork
 * bomb's, a daemon's) is ended, so that it neither outlives its worker nor keeps the node's
 * process limit used up.
 *
 * Only in a container whose pid 1 is an init that reaps orphans (docker --init) and whose one
 * child of its own is this agent: there, a process whose parent is pid 1 and that is not the
 * agent is an orphan, and so is everything it started, since a live worker's processes are
 * that worker's descendants. On by AGENT_END_ORPHANS=1 (the container runtime sets it), and only
 * when this process's parent is pid 1 and pid 1 was started to run it: on a host, nothing is ever
 * looked for.
 */
import { readdirSync, readFileSync } from 'node:fs';

let enabled = false;
let sweeping: Promise<number> = Promise.resolve(0);

/**
 * Turns the sweep on when the environment asks for it and this is a container's agent: its parent
 * is pid 1, an init started to run this very program (`docker-init -- node /app/agent.mjs`).
 */
export function configureOrphans(env: Readonly<Record<string, string | undefined>>): boolean {
  enabled = env.AGENT_END_ORPHANS === '1' && process.ppid === 1 && process.pid !== 1 && initRuns(process.argv[1]);
  return enabled;
}

function initRuns(program: string | undefined): boolean {
  try {
    return program !== undefined && readFileSync('/proc/1/cmdline', 'utf8').split('\0').includes(program);
  } catch {
    return false;
  }
}

interface Entry {
  ppid: number;
  zombie: boolean;
}

/** pid -> parent and state, from /proc/<pid>/stat ("pid (comm) state ppid ..."; comm may hold spaces). */
export function processTable(proc = '/proc'): Map<number, Entry> {
  const table = new Map<number, Entry>();
  for (const name of readdirSync(proc)) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`${proc}/${name}/stat`, 'utf8');
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      table.set(Number(name), { ppid: Number(ppid), zombie: state === 'Z' });
    } catch {
      // gone meanwhile
    }
  }
  return table;
}

/** Orphans (children of pid 1 but the agent) and all their descendants. */
export function orphansIn(table: ReadonlyMap<number, Entry>, agentPid: number): number[] {
  const children = new Map<number, number[]>();
  for (const [pid, { ppid }] of table) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  const found: number[] = [];
  const queue = (children.get(1) ?? []).filter((pid) => pid !== agentPid);
  while (queue.length > 0) {
    const pid = queue.shift()!;
    found.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return found;
}

/**
 * Ends every orphan with SIGKILL, again and again until none is left (a fork bomb's processes
 * may still be starting others), then waits until init has reaped them (their pids are free).
 * Gives up after maxMs. Resolves with the number of processes ended.
 */
export function endOrphans(maxMs = 5000): Promise<number> {
  if (!enabled) return sweeping;
  sweeping = sweeping.then(async () => {
    const ended = new Set<number>();
    const deadline = Date.now() + maxMs;
    while (Date.now() < deadline) {
      const table = processTable();
      const orphans = orphansIn(table, process.pid);
      if (orphans.length === 0) break;
      for (const pid of orphans) {
        if (table.get(pid)?.zombie) continue;
        try {
          process.kill(pid, 'SIGKILL');
          ended.add(pid);
        } catch {
          // gone meanwhile
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return ended.size;
  });
  return sweeping;
}

/** Resolves once the sweep under way (if any) is over. */
export function orphansEnded(): Promise<unknown> {
  return sweeping;
}
