import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, MINIMAL_MAPPING, ROOT, tempDir } from '../helpers/run.js';

// `script` (util-linux) runs the CLI in a pseudo-terminal: stderr is a TTY, so the spinner runs,
// and a 0x03 byte written to the terminal is turned into SIGINT by its line discipline, as a
// person's Ctrl-C is.
const hasScript = spawnSync('script', ['--version']).status === 0;

const CSV = `sku,title,price\n${Array.from({ length: 2000 }, (_, i) => `S-${i},Item ${i},"${i + 1},00"`).join('\n')}\n`;

let server: Server;
let url = '';
let requests = 0;

beforeAll(async () => {
  // Sends the first half of the file, then nothing: the run waits on the download until it is
  // interrupted (its stall timeout is a minute).
  server = createServer((_req, res) => {
    requests++;
    res.writeHead(200, { 'content-length': Buffer.byteLength(CSV) });
    res.write(CSV.slice(0, CSV.length / 2));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed.csv`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

// A person's terminal: ora (through is-interactive) draws nothing live when CI is set, as it is
// on CI machines, so the variable is left out here.
function terminalEnv(): NodeJS.ProcessEnv {
  const { CI: _ci, ...env } = process.env;
  return { ...env, NO_COLOR: '1', TERM: 'xterm' };
}

function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * Runs the CLI with `args` in a pseudo-terminal `cols` wide (one starts 0 columns wide, and ora
 * would clear ever more lines each frame): the child, what its terminal shows so far, and its
 * exit code once it ends.
 */
function onTerminal(args: string[], cols: number) {
  const command = [process.execPath, join(ROOT, 'bin/feedkit.js'), ...args].map(shellQuote).join(' ');
  const child = spawn('script', ['-qfec', `stty cols ${cols} rows 30; exec ${command}`, '/dev/null'], {
    env: terminalEnv(),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let screen = '';
  child.stdout.on('data', (chunk: Buffer) => {
    screen += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, screen: () => screen, exited };
}

describe.skipIf(!hasScript)('on a terminal', () => {
  it('Ctrl-C while the spinner runs ends the run at once: exit 130, previous feeds kept, no temporary files', async () => {
    const dir = tempDir();
    const mapping = join(dir, 'm.yaml');
    writeFileSync(mapping, MINIMAL_MAPPING);
    const input = join(dir, 'small.csv');
    writeFileSync(input, 'sku,title,price\nA-1,Lamp,"10,00"\n');
    const out = join(dir, 'out');
    expect(cli(['convert', input, '-m', mapping, '--out', out, '--quiet']).code).toBe(0);
    const previous = readFileSync(join(out, 'google.tsv'), 'utf8');

    const { child, screen: shown, exited } = onTerminal(['convert', url, '-m', mapping, '--out', out], 120);
    // The spinner is up and the download under way: then Ctrl-C.
    const start = Date.now();
    while ((requests === 0 || !shown().includes('reading')) && Date.now() - start < 20_000)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(shown()).toContain('reading');
    await new Promise((resolve) => setTimeout(resolve, 300));
    child.stdin.write('\x03');
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const code = await exited;
    clearTimeout(killer);
    const screen = shown();
    expect(code).toBe(130);
    expect(screen).toContain('feedkit: interrupted (SIGINT); nothing published, previous outputs kept');
    // The spinner gave the cursor back (ora hides it while it spins).
    expect(screen.lastIndexOf('\x1b[?25h')).toBeGreaterThan(screen.lastIndexOf('\x1b[?25l'));
    expect(readFileSync(join(out, 'google.tsv'), 'utf8')).toBe(previous);
    expect(readdirSync(out).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect(readdirSync(join(out, '.feedkit')).filter((name) => name.includes('lock'))).toEqual([]);
  }, 60_000);

  it('shows one live progress line with the share read, rate and per channel counts, cleared at the end', async () => {
    const dir = tempDir();
    const mapping = join(dir, 'm.yaml');
    writeFileSync(mapping, MINIMAL_MAPPING);
    const input = join(dir, 'big.csv');
    const rows = Array.from(
      { length: 60_000 },
      (_, i) => `S-${i},Item number ${i} ${'x'.repeat(60)},"${i + 1},00"`,
    );
    writeFileSync(input, `sku,title,price\n${rows.join('\n')}\n`);
    const run = onTerminal(
      ['convert', input, '-m', mapping, '--out', join(dir, 'out'), '--print', 'summary'],
      160,
    );
    const code = await run.exited;
    const screen = run.screen();
    expect(code).toBe(0);
    expect(screen).toMatch(
      /\d+% of [\d.]+ MB · [\d,]+ records · [\d,]+\/s · \d:\d\d · ETA \d:\d\d · google [\d,]+ ✓ 0 ✗/,
    );
    // The spinner's line is erased before the summary is written.
    const last = screen.lastIndexOf('records ·');
    expect(screen.indexOf('\x1b[2K', last) !== -1 || screen.indexOf('\x1b[0K', last) !== -1).toBe(true);
  }, 60_000);

  it('a terminal of no size gets the plain summary, not a spinner clearing ever more lines', async () => {
    const dir = tempDir();
    const mapping = join(dir, 'm.yaml');
    writeFileSync(mapping, MINIMAL_MAPPING);
    const input = join(dir, 'small.csv');
    writeFileSync(input, 'sku,title,price\nA-1,Lamp,"10,00"\n');
    const run = onTerminal(['convert', input, '-m', mapping, '--out', join(dir, 'out')], 0);
    expect(await run.exited).toBe(0);
    const screen = run.screen();
    expect(screen).not.toContain('\x1b[1A');
    expect(screen).toContain('1 records in');
  }, 60_000);
});
