#!/usr/bin/env node
// Mutation fuzzing of `feedkit convert` (npm run fuzz -- --seconds 60): takes the fixtures'
// inputs, mutates them (bit flips, truncation, splices, delimiter swaps, huge repeats, stray
// quotes and line ends), runs the built CLI on each, and fails on a crash (a signal, an exit
// code feedkit does not define, a stack trace on stderr), a hang (the per-case timeout) or an
// accounting mismatch (per channel, accepted + rejected ≠ read). Failing cases are kept in a
// folder to reproduce them. Deterministic for a given --seed.
import { spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { random } from '../bench/generate.js';

const ROOT = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    seed: { type: 'string', default: '1' },
    timeout: { type: 'string', default: '30' },
    jobs: { type: 'string', default: '2' },
  },
});
const seconds = Number(values.seconds);
const timeoutMs = Number(values.timeout) * 1000;
const jobs = Math.max(1, Number(values.jobs));

/** Exit codes feedkit defines (README): anything else, or a signal, is a crash. */
const KNOWN_CODES = new Set([0, 1, 2, 3, 4, 5]);
const STACK_FRAME = /^\s+at .+(:\d+:\d+\)?|\(native\))$/m;

/** Inputs and the mappings they go with: every fixture case, and the bundled XML examples. */
function seeds() {
  const list = [];
  const fixtures = join(ROOT, 'fixtures', 'cases');
  for (const name of readdirSync(fixtures)) {
    const file = join(fixtures, name, 'case.json');
    if (!existsSync(file)) continue;
    const c = JSON.parse(readFileSync(file, 'utf8'));
    if (c.input && c.mapping) list.push({ input: join(ROOT, c.input), mapping: join(ROOT, c.mapping) });
  }
  for (const [input, mapping] of [
    ['fixtures/inputs/xml/google-rss.xml', 'mappings/google-rss.yaml'],
    ['fixtures/inputs/xml/atom.xml', 'mappings/google-atom.yaml'],
    ['fixtures/inputs/xml/bmecat-1.2.xml', 'mappings/bmecat-1.2.yaml'],
    ['fixtures/inputs/xml/bmecat-2005.xml', 'mappings/bmecat-2005.yaml'],
  ]) {
    if (existsSync(join(ROOT, input))) list.push({ input: join(ROOT, input), mapping: join(ROOT, mapping) });
  }
  return list.map((s) => ({ ...s, bytes: readFileSync(s.input) }));
}

const MUTATIONS = {
  'bit flips': (b, r) => {
    const out = Buffer.from(b);
    const n = 1 + Math.floor(r() * 16);
    for (let i = 0; i < n && out.length > 0; i++)
      out[Math.floor(r() * out.length)] ^= 1 << Math.floor(r() * 8);
    return out;
  },
  truncation: (b, r) => b.subarray(0, Math.floor(r() * b.length)),
  splice: (b, r, other) => {
    const at = Math.floor(r() * b.length);
    const from = Math.floor(r() * other.length);
    const piece = other.subarray(from, from + Math.floor(r() * 4096));
    return Buffer.concat([b.subarray(0, at), piece, b.subarray(at)]);
  },
  'delimiter swap': (b, r) => {
    const pairs = [
      [',', ';'],
      [';', ','],
      [',', '\t'],
      [';', '|'],
      ['\n', '\r'],
      ['\n', '\r\n'],
      ['"', "'"],
      ['<', '&'],
    ];
    const [from, to] = pairs[Math.floor(r() * pairs.length)];
    return Buffer.from(b.toString('latin1').replaceAll(from, to), 'latin1');
  },
  'huge repeat': (b, r) => {
    const at = Math.floor(r() * b.length);
    const piece = b.subarray(at, at + 1 + Math.floor(r() * 64));
    const times = 1 + Math.floor(r() * ((4 << 20) / Math.max(1, piece.length)));
    return Buffer.concat([b.subarray(0, at), Buffer.alloc(piece.length * times, piece), b.subarray(at)]);
  },
  'stray characters': (b, r) => {
    const chars = ['"', '\r', '\n', '\u0000', '\xff', '<', '>', '&', ']]>', '\ufeff', ',', ';'];
    let text = b.toString('latin1');
    const n = 1 + Math.floor(r() * 12);
    for (let i = 0; i < n; i++) {
      const at = Math.floor(r() * (text.length + 1));
      text = text.slice(0, at) + chars[Math.floor(r() * chars.length)] + text.slice(at);
    }
    return Buffer.from(text, 'latin1');
  },
  'line removal': (b, r) => {
    const lines = b.toString('latin1').split('\n');
    const keep = lines.filter(() => r() > 0.3);
    return Buffer.from(keep.join('\n'), 'latin1');
  },
};
const NAMES = Object.keys(MUTATIONS);

/** Run one case; resolves with what went wrong, or undefined. */
function runCase(dir, input, mapping) {
  const out = join(dir, 'out');
  return new Promise((resolvePromise) => {
    const child = spawn(
      process.execPath,
      [join(ROOT, 'bin/feedkit.js'), 'convert', input, '-m', mapping, '--out', out],
      {
        env: { ...process.env, NO_COLOR: '1' },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      if (stderr.length < 65536) stderr += chunk;
    });
    let hung = false;
    const timer = setTimeout(() => {
      hung = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (hung) return resolvePromise({ kind: 'hang', detail: `no answer within ${timeoutMs / 1000} s` });
      if (signal !== null || !KNOWN_CODES.has(code) || STACK_FRAME.test(stderr))
        return resolvePromise({ kind: 'crash', detail: `exit ${code ?? signal}: ${stderr.slice(0, 2000)}` });
      const report = join(out, 'report.json');
      if ((code === 0 || code === 1) && existsSync(report)) {
        const parsed = JSON.parse(readFileSync(report, 'utf8'));
        for (const [name, channel] of Object.entries(parsed.channels ?? {})) {
          const { read, accepted, rejected } = channel.records;
          if (accepted + rejected !== read)
            return resolvePromise({
              kind: 'mismatch',
              detail: `${name}: ${accepted} + ${rejected} ≠ ${read}`,
            });
        }
      }
      resolvePromise(undefined);
    });
  });
}

async function main() {
  const list = seeds();
  if (list.length === 0) throw new Error('no fixtures to fuzz');
  const r = random(Number(values.seed));
  const work = mkdtempSync(join(tmpdir(), 'feedkit-fuzz-'));
  const keep = join(work, 'failures');
  const counts = { cases: 0, crash: 0, hang: 0, mismatch: 0 };
  const byMutation = Object.fromEntries(NAMES.map((n) => [n, 0]));
  const end = Date.now() + seconds * 1000;
  let next = 0;
  const worker = async () => {
    while (Date.now() < end) {
      const n = next++;
      const seed = list[Math.floor(r() * list.length)];
      const other = list[Math.floor(r() * list.length)];
      const mutation = NAMES[Math.floor(r() * NAMES.length)];
      let bytes = MUTATIONS[mutation](seed.bytes, r, other.bytes);
      if (r() < 0.3) bytes = MUTATIONS[NAMES[Math.floor(r() * NAMES.length)]](bytes, r, other.bytes);
      const dir = join(work, `case-${n}`);
      mkdirSync(dir);
      // The mapping's own folder comes along: lookups and join files it names live beside it.
      const mappingDir = join(dir, 'mapping');
      cpSync(dirname(seed.mapping), mappingDir, { recursive: true, filter: (f) => !f.includes('/out') });
      const input = join(dir, basename(seed.input));
      writeFileSync(input, bytes);
      const failure = await runCase(dir, input, join(mappingDir, basename(seed.mapping)));
      counts.cases++;
      byMutation[mutation]++;
      if (failure) {
        counts[failure.kind]++;
        mkdirSync(keep, { recursive: true });
        cpSync(dir, join(keep, `case-${n}`), { recursive: true });
        writeFileSync(
          join(keep, `case-${n}`, 'failure.txt'),
          `${failure.kind} (${mutation} of ${seed.input})\n${failure.detail}\n`,
        );
        process.stderr.write(
          `fuzz: case ${n}: ${failure.kind} (${mutation} of ${basename(seed.input)}): ${failure.detail.split('\n')[0]}\n`,
        );
      }
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const started = Date.now();
  await Promise.all(Array.from({ length: jobs }, worker));
  const failed = counts.crash + counts.hang + counts.mismatch;
  process.stdout.write(
    `fuzz: ${counts.cases} cases in ${Math.round((Date.now() - started) / 1000)} s (seed ${values.seed}, ${list.length} seeds; ${NAMES.map((m) => `${m} ${byMutation[m]}`).join(', ')}): crashes ${counts.crash}, hangs ${counts.hang}, accounting mismatches ${counts.mismatch}\n`,
  );
  if (failed > 0) {
    process.stdout.write(`fuzz: failing cases kept in ${keep}\n`);
    process.exitCode = 1;
  } else rmSync(work, { recursive: true, force: true });
}

await main();
