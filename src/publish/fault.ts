import { appendFileSync } from 'node:fs';

/**
 * Test-only fault injection at the steps of a commit (see CONTRIBUTING.md).
 *
 * `FEEDKIT_FAULT=<when>:<step>:<signal>` (`before:flip:SIGKILL`, `after:link:report.md:SIGTERM`)
 * sends the signal to this process right before or after that step (`THROW` instead of a signal
 * throws an unexpected error there); `FEEDKIT_FAULT_TRACE=<file>`
 * appends the name of every step a run takes, one a line, so a test can list them.
 */
const setting = process.env.FEEDKIT_FAULT;
const trace = process.env.FEEDKIT_FAULT_TRACE;
const parsed =
  setting === undefined ? undefined : /^(before|after):(.+):(SIGKILL|SIGTERM|SIGINT|THROW)$/.exec(setting);

function hit(when: 'before' | 'after', step: string): void {
  if (parsed === undefined || parsed === null || parsed[1] !== when || parsed[2] !== step) return;
  // THROW stands for a bug at that step (exit 70).
  if (parsed[3] === 'THROW') throw new Error(`injected fault ${when} ${step}`);
  process.kill(process.pid, parsed[3] as NodeJS.Signals);
}

/** One step of a commit: `run` between the before- and after-points of the fault hook. */
export async function step<T>(name: string, run: () => Promise<T>): Promise<T> {
  if (trace !== undefined) appendFileSync(trace, `${name}\n`);
  hit('before', name);
  const result = await run();
  hit('after', name);
  return result;
}
