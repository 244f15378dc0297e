/** A simulated process id for a worker thread: unique per thread, stable for its life. */
export function workerPid(threadId: number): number {
  return 1000 + threadId;
}
