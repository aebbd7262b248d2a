import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, tempDir } from '../../helpers/run.js';
import { CSV_MAPPING, type HostileCase, XML_MAPPING } from './cases.js';

/** What a run of the CLI on a case did. */
export interface CaseRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  /** Peak resident memory seen (VmHWM of /proc), MB; 0 where /proc is not there. */
  peakMb: number;
  /** Per channel of the published report: read, accepted, rejected. */
  counts?: Record<string, { read: number; accepted: number; rejected: number }>;
  timedOut: boolean;
}

/** A stack frame line of a Node stack trace: on stderr it means a crash, not a known problem. */
export const STACK_FRAME = /^\s+at .+(:\d+:\d+\)?|\(native\))$/m;

/** Write the case's files, run `feedkit convert` on them, watch its memory, read its report. */
export function runCase(c: HostileCase, timeoutMs = 60_000): Promise<CaseRun> {
  const dir = tempDir('feedkit-hostile-');
  const input = join(dir, c.format === 'xml' ? 'input.xml' : 'input.csv');
  writeFileSync(input, c.input);
  writeFileSync(join(dir, 'm.yaml'), c.mapping ?? (c.format === 'xml' ? XML_MAPPING : CSV_MAPPING));
  const out = join(dir, 'out');
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [join(ROOT, 'bin/feedkit.js'), 'convert', input, '-m', join(dir, 'm.yaml'), '--out', out],
      {
        env: { ...process.env, NO_COLOR: '1' },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 1 << 20) stderr += chunk;
    });
    let peakKb = 0;
    const status = `/proc/${child.pid}/status`;
    const poll = setInterval(() => {
      try {
        const hwm = /VmHWM:\s+(\d+)/.exec(readFileSync(status, 'utf8'));
        if (hwm) peakKb = Math.max(peakKb, Number(hwm[1]));
      } catch {
        // gone already
      }
    }, 10);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearInterval(poll);
      clearTimeout(timer);
      let counts: CaseRun['counts'];
      const report = join(out, 'report.json');
      if (existsSync(report)) {
        const parsed = JSON.parse(readFileSync(report, 'utf8')) as {
          channels: Record<string, { records: { read: number; accepted: number; rejected: number } }>;
        };
        counts = Object.fromEntries(Object.entries(parsed.channels).map(([name, ch]) => [name, ch.records]));
      }
      resolve({ code, signal, stderr, peakMb: Math.round(peakKb / 1024), counts, timedOut });
    });
  });
}
