/**
 * Clean-ups to run when the process is interrupted (SIGINT, SIGTERM): a run registers the
 * removal of its temporary files and its lock, the CLI's signal handler runs them before it
 * exits. A library user who handles signals can call {@link runInterruptCleanups} too.
 *
 * A run also says where it is ({@link publishPhase}): while it commits, a signal must wait
 * for the commit to end ({@link deferWhileCommitting}), and the message after it must say
 * whether the run was published.
 */
const cleanups = new Set<() => Promise<unknown>>();

/** Register a clean-up; returns the function that unregisters it. */
export function onInterrupt(cleanup: () => Promise<unknown>): () => void {
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

/** Run every registered clean-up (errors are ignored: the process is going away). */
export async function runInterruptCleanups(): Promise<void> {
  stopping = true;
  await Promise.allSettled([...cleanups].map((cleanup) => cleanup()));
  cleanups.clear();
}

/**
 * Where the current run is: `working` (reading, writing its generation: nothing of it is
 * published), `committing` (moving it into place: signals wait), `published` (the run is
 * what readers see; what follows is tidying up).
 */
export type PublishPhase = 'working' | 'committing' | 'published';

let phase: PublishPhase = 'working';
/** Set once the clean-ups of an interrupt ran: a run still going must not start its commit. */
let stopping = false;
let deferred: (() => void) | undefined;

/** The phase of the run in this process. */
export function publishPhase(): PublishPhase {
  return phase;
}

/** A new run starts: nothing of it is published. */
export function startRun(): void {
  phase = 'working';
}

/** Called by the commit at the one step that publishes the run (the flip, the last rename). */
export function markPublished(): void {
  phase = 'published';
}

/** True while a commit (or a take-over of the folder) runs: signals wait for its end. */
let committing = false;

/**
 * Run a commit with signals deferred: a signal handler that calls
 * {@link deferWhileCommitting} meanwhile gets its action run once the commit has ended,
 * published or failed, so the folder is never left halfway and the message can tell which.
 * `publishes: false` for steps that change how the folder is laid out but not which run it holds.
 */
export async function commitSection<T>(commit: () => Promise<T>, publishes = true): Promise<T> {
  if (stopping) throw new Interrupted();
  committing = true;
  if (publishes) phase = 'committing';
  try {
    return await commit();
  } finally {
    committing = false;
    if (phase === 'committing') phase = 'working';
    const action = deferred;
    deferred = undefined;
    action?.();
  }
}

/** During a commit: keep `action` for its end and return true; otherwise return false. */
export function deferWhileCommitting(action: () => void): boolean {
  if (!committing) return false;
  deferred = action;
  return true;
}

/** Stop a run that an interrupt is ending before it writes anything more. */
export function throwIfStopping(): void {
  if (stopping) throw new Interrupted();
}

/** True while signals wait for a commit to end. */
export function isCommitting(): boolean {
  return committing;
}

/** Thrown into a run that an interrupt is stopping: not a failure to report. */
export class Interrupted extends Error {
  constructor() {
    super('interrupted');
    this.name = 'Interrupted';
  }
}
