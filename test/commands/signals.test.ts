import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate } from '../../bench/generate.js';
import { ROOT, tempDir } from '../helpers/run.js';

// The commands that read a whole file besides convert (convert has its own loops in
// test/publish/gate.test.ts). check reads only the mapping, which is refused over 1 MiB and checked in
// time linear in its size, so it cannot run long enough to need stopping.
describe('SIGTERM and SIGINT stop every long-running command', () => {
  it.each([
    ['inspect', 'SIGTERM', 143],
    ['categories', 'SIGINT', 130],
    ['init', 'SIGTERM', 143],
  ] as const)(
    '%s busy reading, stopped by %s: exit %i with one line, no stack trace',
    async (command, signal, exit) => {
      const dir = tempDir();
      const file = join(dir, 'in.csv');
      await generate(file, 5_000);
      const text = readFileSync(file, 'utf8');
      const body = text.slice(text.indexOf('\n') + 1);
      const args = [join(ROOT, 'bin/feedkit.js'), command, '-'];
      if (command === 'categories') args.push('-m', join(ROOT, 'bench/mapping.yaml'));
      const child = spawn(process.execPath, args, {
        env: { ...process.env, NO_COLOR: '1' },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let stderr = '';
      let stdout = '';
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
      });
      child.stdin.on('error', () => {}); // the pipe closes when the command ends
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      // Rows without end: the command is busy reading when the signal comes and could never finish.
      child.stdin.write(text);
      const feeder = setInterval(() => child.stdin.write(body), 20);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      child.kill(signal);
      const code = await exited;
      clearInterval(feeder);
      expect(code).toBe(exit);
      expect(stderr).toBe(`feedkit: interrupted (${signal}); nothing published, previous outputs kept\n`);
      expect(stdout).toBe('');
    },
    60_000,
  );
});
