/**
 * Clean-ups to run when the process is interrupted (SIGINT, SIGTERM): a run registers the
 * removal of its temporary files and its lock, the CLI's signal handler runs them before it
 * exits. A library user who handles signals can call {@link runInterruptCleanups} too.
 */
const cleanups = new Set<() => Promise<unknown>>();

/** Register a clean-up; returns the function that unregisters it. */
export function onInterrupt(cleanup: () => Promise<unknown>): () => void {
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

/** Run every registered clean-up (errors are ignored: the process is going away). */
export async function runInterruptCleanups(): Promise<void> {
  await Promise.allSettled([...cleanups].map((cleanup) => cleanup()));
  cleanups.clear();
}
