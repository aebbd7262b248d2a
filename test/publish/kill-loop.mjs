#!/usr/bin/env node
// SIGKILL a feedkit run at random moments, again and again, and check after each kill that
// the output folder holds exactly one complete run (the previous one, same bytes, unless the
// killed run had published), and after the last run that no temporary file or orphan
// generation is left.
//
//   node test/publish/kill-loop.mjs [--rows 200000] [--times 20] [--signal SIGKILL|SIGINT|SIGTERM]
//
// With SIGINT or SIGTERM a run must also end as it says: exit 130 or 143 with a one-line
// message that tells truthfully whether it was published (or exit 0 if it finished first),
// and never a stack trace.
//
// test/publish/gate.test.ts runs it small; run it as above for the full acceptance check.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generate } from '../../bench/generate.js';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '200000' },
    times: { type: 'string', default: '20' },
    signal: { type: 'string', default: 'SIGKILL' },
  },
});
const signal = values.signal;
if (!['SIGKILL', 'SIGINT', 'SIGTERM'].includes(signal))
  throw new Error(`--signal: SIGKILL, SIGINT or SIGTERM, not ${signal}`);
const rows = Number(values.rows);
const times = Number(values.times);
const root = new URL('../../', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'feedkit-kill-'));
// The input and every run's output (~400 MB at the full size) go when the loop ends, however.
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const input = join(dir, 'supplier.csv');
await generate(input, rows);
const out = join(dir, 'out');
const args = [
  join(root, 'bin/feedkit.js'),
  'convert',
  input,
  '--mapping',
  join(root, 'bench/mapping.yaml'),
  '--out',
  out,
  '--quiet',
];

/** Digest of every published file (temporary files and the lock are not part of a run). */
function snapshot() {
  const files = readdirSync(out).filter((name) => !name.startsWith('.'));
  return Object.fromEntries(
    files.sort().map((name) => [
      name,
      createHash('sha256')
        .update(readFileSync(join(out, name)))
        .digest('hex'),
    ]),
  );
}

/**
 * Why the published snapshot (`.feedkit/snapshot/google`) does not describe the published feed
 * (the same ids, sorted), or undefined when it does.
 */
function snapshotMismatch() {
  const feedIds = readFileSync(join(out, 'google.tsv'), 'utf8')
    .split('\n')
    .slice(1)
    .filter((line) => line !== '')
    .map((line) => line.slice(0, line.indexOf('\t')))
    .sort();
  let lines;
  try {
    lines = readFileSync(join(out, '.feedkit', 'snapshot', 'google'), 'utf8').split('\n');
  } catch {
    return 'no snapshot';
  }
  const ids = lines.slice(2, -1).map((line) => line.slice(0, line.indexOf('\t')));
  if (lines[0] !== '# feedkit snapshot 1') return `a snapshot without its header: ${lines[0]}`;
  if (ids.length !== feedIds.length)
    return `${ids.length} items in the snapshot, ${feedIds.length} in the feed`;
  const at = ids.findIndex((id, k) => id !== feedIds[k]);
  return at < 0 ? undefined : `item ${at}: ${ids[at]} in the snapshot, ${feedIds[at]} in the feed`;
}

const first = spawnSync(process.execPath, args, { encoding: 'utf8' });
if (first.status !== 0) throw new Error(`first run failed: ${first.stderr}`);
// Feeds and rejects are the same bytes in every run; the report differs (its time stamps).
const started = performance.now();
spawnSync(process.execPath, args);
const runMs = performance.now() - started;
let complete = snapshot();

let killedDuring = 0;
let publishedBeforeKill = 0;
for (let i = 0; i < times; i++) {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const closed = new Promise((resolve) => child.once('close', resolve));
  const delay = Math.random() * runMs * 1.1;
  await new Promise((resolve) => setTimeout(resolve, delay));
  const finished = child.exitCode !== null;
  if (!finished) {
    child.kill(signal);
    killedDuring++;
  }
  await closed;
  /** What a run stopped by SIGINT/SIGTERM said of itself: published or not (undefined: it did not say). */
  let saidPublished;
  if (signal !== 'SIGKILL') {
    const code = child.exitCode;
    const interrupted = signal === 'SIGINT' ? 130 : 143;
    const said = stderr.trim();
    const stack = /^\s+at .+:\d+:\d+\)?$/m.test(stderr) || stderr.includes('ERR_');
    // Before its handlers are in place (the first few hundred milliseconds) a run dies of the
    // signal itself, having written nothing.
    const truthful =
      code === 0 || (code === null && child.signalCode === signal)
        ? said === ''
        : code === interrupted &&
          (said === `feedkit: interrupted (${signal}); nothing published, previous outputs kept` ||
            said === `feedkit: interrupted (${signal}) after the run was published; its feeds are in place`);
    if (stack || !truthful) {
      throw new Error(`after ${signal} ${i + 1} (${Math.round(delay)} ms): exit ${code}, stderr:\n${stderr}`);
    }
    if (code === interrupted) saidPublished = said.includes('after the run was published');
  }
  const now = snapshot();
  const mismatch = snapshotMismatch();
  if (mismatch !== undefined)
    throw new Error(`after kill ${i + 1} the snapshot does not match the feed: ${mismatch}`);
  const journal = existsSync(join(out, '.feedkit', 'publish.json'));
  const same = (a, b) => a['google.tsv'] === b['google.tsv'] && a['rejects.csv'] === b['rejects.csv'];
  if (!same(now, complete) || Object.keys(now).length !== Object.keys(complete).length) {
    throw new Error(
      `after kill ${i + 1} (${Math.round(delay)} ms) the feeds are not a complete run:\n${JSON.stringify(now, null, 1)}`,
    );
  }
  const changed = now['report.json'] !== complete['report.json'];
  if (saidPublished !== undefined && saidPublished !== changed) {
    throw new Error(
      `after ${signal} ${i + 1} the run said it was ${saidPublished ? '' : 'not '}published, and the folder says otherwise`,
    );
  }
  if (changed) {
    // The run got to its publish before it died: the folder must then hold that whole run.
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    if (!report.publish?.published || report.source.records !== rows || journal) {
      throw new Error(`after kill ${i + 1} the folder holds a half-published run`);
    }
    complete = now;
    publishedBeforeKill++;
  } else if (journal) {
    throw new Error(`after kill ${i + 1} a publish was left half done with the previous report in place`);
  }
}
// A run after all that still works and takes over a lock the killed runs left.
const last = spawnSync(process.execPath, args, { encoding: 'utf8' });
if (last.status !== 0) throw new Error(`run after the kills failed: ${last.stderr}`);
const after = snapshot();
if (after['google.tsv'] !== complete['google.tsv'] || after['rejects.csv'] !== complete['rejects.csv'])
  throw new Error('the run after the kills wrote different feeds');
const leftovers = [
  ...readdirSync(out).filter((name) => name.endsWith('.tmp')),
  ...readdirSync(join(out, '.feedkit')).filter((name) => name.endsWith('.tmp') || name === 'publish.json'),
];
// The current generation and the one before it stay; orphans of killed runs are gone.
const generations = readdirSync(join(out, '.feedkit')).filter((name) => name.startsWith('gen-'));
if (generations.length > 2) throw new Error(`generations left after the last run: ${generations.join(', ')}`);
process.stdout.write(
  `kill-loop: ${times} runs of ${rows} rows (~${Math.round(runMs)} ms each), ${killedDuring} ${signal === 'SIGKILL' ? 'killed' : `stopped with ${signal}`} (${publishedBeforeKill} of them after their publish); after every kill the folder held one complete run, the previous one unless the killed run had published; ${leftovers.length} temporary files left by killed runs, ${generations.length} generations kept (current and previous)${existsSync(join(out, '.feedkit', 'lock')) ? '; lock left' : ''}\n`,
);
