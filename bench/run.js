#!/usr/bin/env node
// npm run bench [-- --rows N] [--threads N] [--repeat N] [--skip-mlr] [--skip-duckdb] [--variants] [--xml] [--costs [--times N]] | [-- --startup [--times N]]
// Generates a deterministic supplier CSV, converts it to the Google channel with
// bench/mapping.yaml, and runs the equivalent Miller command when `mlr` is installed and the
// equivalent DuckDB SQL (bench/duckdb.sql) when the `duckdb` CLI or Python module is.
// Prints wall seconds, rows/s, peak RSS and the ratio, as a table and one BENCH line.
// --repeat N: feedkit and the peers N times in turn, each tool's median wall time and highest
// peak RSS (one run of a tool varies by ±20 % on a shared machine; the ratios of one round less).
// --costs: what change control and readiness cost. The plain run, the same run again into its
// folder (a snapshot present, so it compares item by item) and a run with --no-readiness, in
// turn --times times (default 3 here), the best of each.
import { spawnSync } from 'node:child_process';
import {
  createReadStream,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse';
import { generate, generateXml } from './generate.js';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    threads: { type: 'string' },
    'skip-mlr': { type: 'boolean', default: false },
    'skip-duckdb': { type: 'boolean', default: false },
    variants: { type: 'boolean', default: false },
    xml: { type: 'boolean', default: false },
    startup: { type: 'boolean', default: false },
    times: { type: 'string' },
    costs: { type: 'boolean', default: false },
    repeat: { type: 'string', default: '1' },
  },
});
const rows = Number(values.rows);
const root = new URL('..', import.meta.url).pathname;
const dataDir = join(root, 'bench/data');
const outDir = join(root, 'bench/out');
mkdirSync(dataDir, { recursive: true });
mkdirSync(outDir, { recursive: true });

// Start-up: the median wall time of `feedkit --version` and of a one-row convert, run as users
// run the bin (its shebang counts), each repeated --times times after one warm-up run.
if (values.startup) {
  const one = join(dataDir, 'supplier-1.csv');
  if (!existsSync(one)) await generate(one, 1);
  const times = Number(values.times ?? 15);
  const median = (args) => {
    spawnSync(join(root, 'bin/feedkit.js'), args);
    const walls = [];
    for (let i = 0; i < times; i++) {
      const started = performance.now();
      const result = spawnSync(join(root, 'bin/feedkit.js'), args, { encoding: 'utf8' });
      walls.push(performance.now() - started);
      if (result.status !== 0)
        throw new Error(`feedkit ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
    }
    walls.sort((a, b) => a - b);
    return walls[Math.floor(walls.length / 2)];
  };
  const out = join(outDir, 'startup');
  const version = median(['--version']);
  const convert = median([
    'convert',
    one,
    '--mapping',
    join(root, 'bench/mapping.yaml'),
    '--out',
    out,
    '--quiet',
  ]);
  process.stdout.write(
    `\nstart-up, median of ${times} runs; ${cpus().length} cores; node ${process.version}\n\n` +
      `${'feedkit --version'.padEnd(34)}${version.toFixed(0).padStart(7)} ms\n` +
      `${'feedkit convert (1 row, google)'.padEnd(34)}${convert.toFixed(0).padStart(7)} ms\n\n` +
      `STARTUP version_ms=${version.toFixed(0)} convert_1row_ms=${convert.toFixed(0)}\n`,
  );
  process.exit(0);
}

const input = join(dataDir, `supplier-${rows}.csv`);
if (!existsSync(input)) {
  process.stderr.write(`generating ${rows.toLocaleString('en')} rows → ${input}\n`);
  await generate(input, rows);
}
const size = statSync(input).size;

const MLR_EXPR =
  '$price = $price . " " . $currency; $sale_price = is_empty($sale_price) ? "" : $sale_price . " " . $currency; $availability = gsub(tolower($availability), " ", "_"); $condition = is_empty($condition) ? "new" : tolower($condition); $description = strip(clean_whitespace(gsub($description, "<[^>]*>", " "))); $gender = tolower($gender); $weight_kg = $weight_kg . " kg"; $additional_images = gsub($additional_images, "[|]", ",")';
const MLR_ARGS = [
  '--icsv',
  '--otsv',
  'put',
  MLR_EXPR,
  'then',
  'rename',
  'sku,id,ean13,gtin,category_path,product_type,weight_kg,shipping_weight,product_url,link,image_url,image_link,additional_images,additional_image_link',
  'then',
  'cut',
  '-o',
  '-f',
  'id,gtin,mpn,title,description,brand,price,sale_price,availability,condition,product_type,color,size,material,gender,age_group,shipping_weight,link,image_link,additional_image_link',
];

/** Run a command under /usr/bin/time; returns wall seconds and peak RSS in MB. */
function timed(command, args, stdoutFile) {
  const hasTime = existsSync('/usr/bin/time');
  const shell = stdoutFile
    ? `${[command, ...args].map(shellQuote).join(' ')} > ${shellQuote(stdoutFile)}`
    : [command, ...args].map(shellQuote).join(' ');
  const started = performance.now();
  const result = hasTime
    ? spawnSync('/usr/bin/time', ['-f', 'FEEDKIT_TIME %e %M', 'sh', '-c', shell], { encoding: 'utf8' })
    : spawnSync('sh', ['-c', shell], { encoding: 'utf8' });
  const wall = (performance.now() - started) / 1000;
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(`${command} failed (${result.status}): ${result.stderr}`);
  }
  const match = /FEEDKIT_TIME ([\d.]+) (\d+)/.exec(result.stderr ?? '');
  return { seconds: wall, rssMb: match ? Number(match[2]) / 1024 : Number.NaN };
}

function shellQuote(text) {
  return `'${String(text).replaceAll("'", "'\\''")}'`;
}

function feedkit(threads, label, mapping = join(root, 'bench/mapping.yaml'), extra = [], fresh = true) {
  const out = join(outDir, label);
  // Each run starts from an empty folder: the publish gate would compare it with the last
  // run's feed, which may have had another row count. `--costs` runs again into one on purpose.
  if (fresh) rmSync(out, { recursive: true, force: true });
  const args = ['convert', input, '--mapping', mapping, '--out', out, '--quiet', ...extra];
  if (threads !== undefined) args.push('--threads', String(threads));
  // Run the bin itself, as users do, so its shebang flags count.
  const figures = timed(join(root, 'bin/feedkit.js'), args);
  return {
    ...figures,
    feed: join(out, 'google.tsv'),
    report: JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')),
  };
}

const hasMlr = !values['skip-mlr'] && spawnSync('mlr', ['--version'], { encoding: 'utf8' }).status === 0;
const mlrVersion = hasMlr
  ? spawnSync('mlr', ['--version'], { encoding: 'utf8' }).stdout.trim()
  : 'not installed';

const results = [];
const repeat = Math.max(1, Number(values.repeat));
/** Of several runs of one tool: the median wall time, the highest peak RSS, the median run's other fields. */
function typical(runs) {
  const sorted = [...runs].sort((a, b) => a.seconds - b.seconds);
  const median = sorted[(sorted.length - 1) >> 1];
  return { ...median, rssMb: Math.max(...runs.map((r) => r.rssMb)), runs: runs.map((r) => r.seconds) };
}
const mainRuns = [];
const mlrRuns = [];
const duckdbRuns = [];
// DuckDB: its CLI, else its Python module (`pip install duckdb`), with as many threads as feedkit.
const duckdbVersion = (() => {
  if (values['skip-duckdb']) return undefined;
  const cli = spawnSync('duckdb', ['--version'], { encoding: 'utf8' });
  if (cli.status === 0) return { how: 'cli', version: cli.stdout.trim() };
  const py = spawnSync('python3', ['-c', 'import duckdb; print(duckdb.__version__)'], { encoding: 'utf8' });
  return py.status === 0 ? { how: 'python', version: `v${py.stdout.trim()} (python)` } : undefined;
})();
const duckdbFeed = join(outDir, 'duckdb.tsv');
const duckdbSql = readFileSync(join(root, 'bench/duckdb.sql'), 'utf8')
  .replaceAll('{threads}', String(values.threads ?? availableParallelism()))
  .replaceAll('{input}', input.replaceAll("'", "''"))
  .replaceAll('{output}', duckdbFeed.replaceAll("'", "''"));
// In turn, so that a slow moment of the machine falls on every tool alike.
for (let i = 0; i < repeat; i++) {
  mainRuns.push(feedkit(values.threads === undefined ? undefined : Number(values.threads), 'feedkit'));
  if (hasMlr) {
    const feed = join(outDir, 'mlr.tsv');
    mlrRuns.push({ ...timed('mlr', [...MLR_ARGS, input], feed), feed });
  }
  if (duckdbVersion !== undefined) {
    duckdbRuns.push({
      ...(duckdbVersion.how === 'cli'
        ? timed('duckdb', [':memory:', '-c', duckdbSql])
        : timed('python3', ['-c', 'import duckdb, sys; duckdb.connect().execute(sys.argv[1])', duckdbSql])),
      feed: duckdbFeed,
    });
    if (!existsSync(duckdbFeed))
      throw new Error(`duckdb wrote no ${duckdbFeed}: run bench/duckdb.sql by hand to see why`);
  }
}
const main = typical(mainRuns);
results.push({ tool: `feedkit (${values.threads ?? availableParallelism()} threads)`, ...main });
const mlr = hasMlr ? typical(mlrRuns) : undefined;
if (mlr) results.push({ tool: 'mlr', ...mlr });
const duckdb = duckdbVersion === undefined ? undefined : typical(duckdbRuns);
if (duckdb) results.push({ tool: 'duckdb', ...duckdb });
let all;
if (values.variants) {
  const one = feedkit(1, 'feedkit-1');
  results.push({ tool: 'feedkit (1 thread)', ...one });
  if (spawnSync('cmp', ['-s', one.feed, main.feed]).status !== 0)
    throw new Error('output differs between 1 and N threads');
  // The same mapping writing google, meta, klarna, openai and acp from the one read. The bench rows'
  // descriptions hold `"`, Klarna's field qualifier, so Klarna gets its own description
  // without it, as the README shows: every channel then publishes every row, as in a
  // merchant's real run.
  const four = join(outDir, 'mapping-4-channels.yaml');
  const channels =
    'channels:\n  google: { output: google.tsv }\n  meta: { output: meta.csv }\n' +
    '  klarna:\n    output: klarna.csv\n' +
    `    fields:\n      description: { from: description, pipe: [{ replace: { from: '"', to: "\u2033" } }] }\n` +
    '  openai:\n    output: openai.jsonl.gz\n' +
    '    fields: { seller_name: { value: Bench }, target_countries: { value: DK }, store_country: { value: DK } }\n' +
    '  acp:\n    fields: { seller_name: { value: Bench } }\n';
  writeFileSync(
    four,
    readFileSync(join(root, 'bench/mapping.yaml'), 'utf8').replace(/^channels:\n(?: {2}.*\n)+/m, channels),
  );
  all = feedkit(values.threads === undefined ? undefined : Number(values.threads), 'feedkit-4', four);
  for (const [name, stats] of Object.entries(all.report.channels)) {
    if (stats.records.accepted !== rows)
      throw new Error(`${name} accepted ${stats.records.accepted} of ${rows} rows`);
  }
  results.push({ tool: 'feedkit, 5 channels', ...all });
  if (spawnSync('cmp', ['-s', all.feed, main.feed]).status !== 0)
    throw new Error('the Google feed differs when four channels are written');
}

// What the change comparison and readiness cost: best of --times runs of each, in turn.
let costs;
if (values.costs) {
  const threads = values.threads === undefined ? undefined : Number(values.threads);
  const best = { plain: main, snapshot: undefined, bare: undefined };
  const keep = (key, run) => {
    if (best[key] === undefined || run.seconds < best[key].seconds) best[key] = run;
  };
  for (let i = 0; i < Number(values.times ?? 3); i++) {
    if (i > 0) keep('plain', feedkit(threads, 'feedkit'));
    keep('snapshot', feedkit(threads, 'feedkit', undefined, [], false));
    keep('bare', feedkit(threads, 'feedkit-bare', undefined, ['--no-readiness']));
  }
  if (best.snapshot.report.changes?.google === undefined)
    throw new Error('the run with a snapshot present compared nothing');
  costs = best;
  results.push(
    { tool: 'feedkit, best plain run', ...best.plain },
    { tool: 'feedkit, snapshot present', ...best.snapshot },
    { tool: 'feedkit, --no-readiness', ...best.bare },
  );
}

// The same rows as a Google-style RSS feed, mapped with bench/mapping-rss.yaml to the same feed.
let xml;
if (values.xml) {
  const xmlInput = join(dataDir, `supplier-${rows}.rss.xml`);
  if (!existsSync(xmlInput)) {
    process.stderr.write(`writing the same rows as RSS → ${xmlInput}\n`);
    await generateXml(input, xmlInput);
  }
  const mapping = join(root, 'bench/mapping-rss.yaml');
  rmSync(join(outDir, 'feedkit-xml'), { recursive: true, force: true });
  const args = ['convert', xmlInput, '--mapping', mapping, '--out', join(outDir, 'feedkit-xml'), '--quiet'];
  if (values.threads !== undefined) args.push('--threads', String(values.threads));
  xml = { ...timed(join(root, 'bin/feedkit.js'), args), feed: join(outDir, 'feedkit-xml', 'google.tsv') };
  results.push({ tool: `feedkit, RSS input (${(statSync(xmlInput).size / 1e6).toFixed(0)} MB)`, ...xml });
  if (spawnSync('cmp', ['-s', xml.feed, main.feed]).status !== 0)
    throw new Error('the feed from the RSS input differs from the feed from the CSV');
}

// Same rows, same values on a sample (feedkit also decodes HTML entities, the peers do not).
// Both files are streamed side by side: at a million rows they are too big for one string.
async function sameAsFeedkit(peer, name) {
  const reader = (file, options) =>
    createReadStream(file)
      .pipe(parse({ delimiter: '\t', columns: true, relax_quotes: true, ...options }))
      [Symbol.asyncIterator]();
  const ours = reader(main.feed, {});
  const theirs = reader(peer.feed, { quote: false });
  const decode = (text) => text.replaceAll('&amp;', '&');
  const every = Math.max(1, Math.floor(rows / 1000));
  let count = 0;
  for (;;) {
    const [a, b] = await Promise.all([ours.next(), theirs.next()]);
    if (a.done || b.done) {
      if (a.done !== b.done) throw new Error(`${name}: row counts differ after ${count} rows`);
      break;
    }
    if (count % every === 0) {
      for (const field of ['id', 'price', 'availability', 'description']) {
        const x = a.value[field];
        const y = field === 'description' ? decode(b.value[field]) : b.value[field];
        if (x !== y) throw new Error(`row ${count + 1} ${field} differs:\n feedkit: ${x}\n ${name}: ${y}`);
      }
    }
    count++;
  }
  if (count !== rows) throw new Error(`expected ${rows} rows, feedkit and ${name} wrote ${count}`);
}
if (mlr) await sameAsFeedkit(mlr, 'mlr');
if (duckdb) await sameAsFeedkit(duckdb, 'duckdb');

const pad = (text, width) => String(text).padStart(width);
process.stdout.write(
  `\n${rows.toLocaleString('en')} rows, ${(size / 1e6).toFixed(0)} MB; ${cpus().length} cores (${cpus()[0]?.model ?? '?'}); node ${process.version}; mlr: ${mlrVersion}; duckdb: ${duckdbVersion?.version ?? 'not installed'}\n\n`,
);
process.stdout.write(
  `${'tool'.padEnd(34)}${pad('wall s', 9)}${pad('rows/s', 11)}${pad('peak RSS MB', 13)}${pad('vs mlr', 8)}${pad('vs duckdb', 11)}\n`,
);
for (const r of results) {
  const ratio = mlr ? `${(mlr.seconds / r.seconds).toFixed(2)}×` : '—';
  const vsDuckdb = duckdb ? `${(duckdb.seconds / r.seconds).toFixed(2)}×` : '—';
  process.stdout.write(
    `${r.tool.padEnd(34)}${pad(r.seconds.toFixed(2), 9)}${pad(Math.round(rows / r.seconds).toLocaleString('en'), 11)}${pad(r.rssMb.toFixed(0), 13)}${pad(ratio, 8)}${pad(vsDuckdb, 11)}\n`,
  );
}
if (repeat > 1) {
  const list = (label, run) => (run ? ` · ${label} ${run.runs.map((t) => t.toFixed(2)).join(' ')}` : '');
  process.stdout.write(
    `\nmedian of ${repeat} runs each, in turn; peak RSS the highest. Runs (s):${list('feedkit', main).slice(2)}${list('mlr', mlr)}${list('duckdb', duckdb)}\n`,
  );
}
if (all) process.stdout.write(`\n5 channels vs 1: ${(all.seconds / main.seconds).toFixed(2)}× the time\n`);
if (xml) process.stdout.write(`XML vs CSV input: ${(xml.seconds / main.seconds).toFixed(2)}× the time\n`);
const share = (more, less) => `${more >= less ? '+' : ''}${((100 * (more - less)) / less).toFixed(1)}%`;
if (costs) {
  process.stdout.write(
    `\nchange comparison (snapshot present vs plain): ${share(costs.snapshot.seconds, costs.plain.seconds)} time, ${costs.snapshot.rssMb.toFixed(0)} MB peak RSS\n` +
      `readiness (plain vs --no-readiness): ${share(costs.plain.seconds, costs.bare.seconds)} time, ${share(costs.plain.rssMb, costs.bare.rssMb)} peak RSS\n`,
  );
}
const accepted = main.report.channels.google.records;
process.stdout.write(
  `\nfeedkit google: ${accepted.accepted} accepted, ${accepted.rejected} rejected of ${accepted.read}\n`,
);
process.stdout.write(
  `BENCH rows=${rows} feedkit_s=${main.seconds.toFixed(2)} mlr_s=${mlr ? mlr.seconds.toFixed(2) : 'NA'} ratio=${mlr ? (mlr.seconds / main.seconds).toFixed(2) : 'NA'} duckdb_s=${duckdb ? duckdb.seconds.toFixed(2) : 'NA'} duckdb_ratio=${duckdb ? (duckdb.seconds / main.seconds).toFixed(2) : 'NA'} feedkit_rss_mb=${main.rssMb.toFixed(0)}${costs ? ` snapshot_cost=${share(costs.snapshot.seconds, costs.plain.seconds)} readiness_cost=${share(costs.plain.seconds, costs.bare.seconds)}` : ''}\n`,
);
