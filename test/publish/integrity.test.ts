import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { outputError } from '../../src/model/errors.js';
import { spreadsheetSafe } from '../../src/sinks/rejects.js';
import { redactText, redactUrl } from '../../src/text/redact.js';
import { cli, MINIMAL_MAPPING, ROOT, tempDir, tsv } from '../helpers/run.js';

const rows = (n: number, link = (i: number) => `https://shop.example/p/${i}`) =>
  `sku,title,price,url\n${Array.from({ length: n }, (_, i) => `S-${i},Item ${i},"${i + 1},00",${link(i)}`).join('\n')}\n`;

/** A mapping writing Google and a channel of the user's own (acme), which needs no link. */
function twoChannels() {
  const dir = tempDir();
  writeFileSync(
    join(dir, 'acme.channel.yaml'),
    `name: acme\ntitle: Acme\nschema: acme.schema.json\noutputs:\n  - { format: csv, file: acme.csv }\nkey: sku\nfields:\n  - { name: sku, from: id, group: required }\n  - { name: name, from: title, group: required }\n`,
  );
  writeFileSync(
    join(dir, 'acme.schema.json'),
    JSON.stringify({
      type: 'object',
      required: ['sku', 'name'],
      properties: { sku: { type: 'string' }, name: { type: 'string' } },
    }),
  );
  writeFileSync(
    join(dir, 'm.yaml'),
    `${MINIMAL_MAPPING.replace('link: { template: "https://shop.example/p/{{ sku }}" }', 'link: url')}channels:\n  google: { output: google.tsv }\n  acme: { definition: ./acme.channel.yaml }\n`,
  );
  const out = join(dir, 'out');
  const run = (input: string, ...args: string[]) => {
    writeFileSync(join(dir, 'in.csv'), input);
    return cli(['convert', join(dir, 'in.csv'), '-m', join(dir, 'm.yaml'), '--out', out, '--quiet', ...args]);
  };
  return { dir, out, run };
}

// Several CLI runs each: a bound for a loaded machine, not a timed assertion.
describe('per-channel gate', { timeout: 120_000 }, () => {
  it('a refused channel keeps its previous feed while the others publish; exit 4, reasons on stderr', () => {
    const { out, run } = twoChannels();
    expect(run(rows(10)).code).toBe(0);
    const googleBefore = readFileSync(join(out, 'google.tsv'));
    const reportBefore = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    // Eight of ten lose their link: Google drops 80%, acme does not care.
    const second = run(rows(10, (i) => (i < 8 ? '' : `https://shop.example/p/${i}`)));
    expect(second.code).toBe(4);
    const refusedDir = join(out, '.feedkit', 'refused');
    expect(second.stderr).toBe(
      'feedkit: published but for google, whose previous feeds are kept: google: max_removed: 8 of 10 published items removed (80%, max 20%): S-0, S-1, S-2\n' +
        `feedkit: google: most rejected for missing-required (8); see ${refusedDir}/\n`,
    );
    expect(readFileSync(join(out, 'google.tsv'))).toEqual(googleBefore);
    expect(tsv(readFileSync(join(out, 'acme.csv'), 'utf8').replaceAll(',', '\t'))).toHaveLength(11);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.publish.channels).toEqual({
      google: {
        published: false,
        reasons: ['google: max_removed: 8 of 10 published items removed (80%, max 20%): S-0, S-1, S-2'],
      },
      acme: { published: true, reasons: [] },
    });
    expect(report.publish.published).toBe(true);
    // The published report describes the files in place: Google's entry is the earlier run's.
    expect(report.channels.google).toEqual(reportBefore.channels.google);
    expect(report.channels.acme.records.accepted).toBe(10);
    const state = JSON.parse(readFileSync(join(out, '.feedkit', 'current', 'state.json'), 'utf8'));
    expect(state.channels).toEqual({
      google: { read: 10, accepted: 10, rejected: 0 },
      acme: { read: 10, accepted: 10, rejected: 0 },
    });
    // Google's 8 rejects are in the refused folder, not beside the feed they did not replace.
    expect(parse(readFileSync(join(out, 'rejects.csv'), 'utf8'))).toHaveLength(1);
    expect(readdirSync(refusedDir).sort()).toEqual(['rejects.csv', 'report.json', 'report.md']);
    const refusedRejects = parse(readFileSync(join(refusedDir, 'rejects.csv'), 'utf8')) as string[][];
    expect(refusedRejects.slice(1).map((r) => [r[0], r[2], r[3]])).toEqual(
      Array.from({ length: 8 }, (_, i) => [`S-${i}`, 'google', 'missing-required']),
    );
    const refusedReport = JSON.parse(readFileSync(join(refusedDir, 'report.json'), 'utf8'));
    expect(refusedReport.channels.google.records).toEqual({ read: 10, accepted: 2, rejected: 8 });
    expect(readFileSync(join(refusedDir, 'report.md'), 'utf8')).toContain('google');
    // A good run publishes both again and the refused folder goes.
    expect(run(rows(10)).code).toBe(0);
    expect(readdirSync(join(out, '.feedkit'))).not.toContain('refused');
  });

  it('a first run publishes every channel that accepted an item', () => {
    const { out, run } = twoChannels();
    const first = run(rows(3, () => ''));
    expect(first.code).toBe(4);
    expect(first.stderr).toContain(
      'published but for google, whose previous feeds are kept: google: no item accepted (3 read)',
    );
    expect(readdirSync(out).sort()).toEqual(['.feedkit', 'acme.csv', 'rejects.csv', 'report.json']);
    expect(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')).publish.channels.acme).toEqual({
      published: true,
      reasons: [],
    });
  });
});

describe('outputs that collide', { timeout: 120_000 }, () => {
  const mappingWith = (channels: string) => {
    const dir = tempDir();
    writeFileSync(join(dir, 'in.csv'), rows(2));
    writeFileSync(join(dir, 'm.yaml'), `${MINIMAL_MAPPING}channels:\n${channels}`);
    writeFileSync(
      join(dir, 'acme.channel.yaml'),
      'name: acme\ntitle: Acme\nschema: acme.schema.json\noutputs:\n  - { format: jsonl, file: acme.jsonl }\nkey: sku\nfields:\n  - { name: sku, from: id, group: required }\n',
    );
    writeFileSync(
      join(dir, 'acme.schema.json'),
      JSON.stringify({ type: 'object', properties: { sku: { type: 'string' } } }),
    );
    return dir;
  };
  const cases: Array<[string, string, RegExp]> = [
    [
      '  meta: { output: feed.csv }\n  klarna: { output: feed.csv }\n',
      'two channels, one file',
      /m\.yaml:\d+:21 channels "meta" and "klarna" both write "feed\.csv": one feed would overwrite the other .*\[output-collision\]/,
    ],
    [
      '  google: { output: report.json }\n',
      'a report name',
      /m\.yaml:\d+:21 channel "google" writes "report\.json", a name feedkit's own files use .*\[output-collision\]/,
    ],
    [
      '  klarna: { output: rejects.csv }\n',
      'the rejects',
      /m\.yaml:\d+:21 channel "klarna" writes "rejects\.csv"/,
    ],
    [
      '  klarna: { output: state.json }\n',
      'the state',
      /m\.yaml:\d+:21 channel "klarna" writes "state\.json"/,
    ],
    [
      '  google: { output: .. }\n',
      'a way out',
      /m\.yaml:\d+:21 channel "google" writes "\.\.": an output is a plain file name inside --out/,
    ],
    [
      '  google: { output: .feedkit }\n',
      "feedkit's folder",
      /m\.yaml:\d+:21 channel "google" writes "\.feedkit"/,
    ],
    // A name with a slash the mapping's schema refuses already, with its position.
    ['  google: { output: ../google.tsv }\n', 'a path', /m\.yaml:\d+:\d+ .*\[mapping-invalid\]/],
    [
      '  openai: { output: items.jsonl }\n  acme: { definition: ./acme.channel.yaml, output: items-0002.jsonl }\n',
      "another channel's shard",
      /channels "openai" and "acme" both write "items-0002\.jsonl" and "items\.jsonl" \(its shards\)/,
    ],
  ];
  for (const [channels, what, message] of cases) {
    it(`check and convert refuse ${what} (exit 2, file:line:col)`, () => {
      const dir = mappingWith(channels);
      const checked = cli(['check', join(dir, 'm.yaml')]);
      expect(checked.code).toBe(2);
      expect(checked.stderr).toMatch(message);
      const out = join(dir, 'out');
      const converted = cli(['convert', join(dir, 'in.csv'), '-m', join(dir, 'm.yaml'), '--out', out]);
      expect(converted.code).toBe(2);
      expect(converted.stderr).toMatch(message);
      expect(() => statSync(out)).toThrow(); // nothing written
    });
  }
});

describe('exit codes that never lie', { timeout: 120_000 }, () => {
  const setUp = () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'in.csv'), rows(2));
    writeFileSync(join(dir, 'm.yaml'), MINIMAL_MAPPING);
    const run = (out: string, env?: Record<string, string>) =>
      cliWith(['convert', join(dir, 'in.csv'), '-m', join(dir, 'm.yaml'), '--out', out, '--quiet'], env);
    return { dir, run };
  };

  it('--out at a file, at .. or inside .feedkit is a usage error naming the path', async () => {
    const { dir, run } = setUp();
    writeFileSync(join(dir, 'afile'), 'x');
    const file = await run(join(dir, 'afile'));
    expect([file.code, file.stderr]).toEqual([
      2,
      `feedkit: ${join(dir, 'afile')} --out ${join(dir, 'afile')} is a file, not a folder (expected a folder (created if missing)) [usage]\n`,
    ]);
    const up = await run('..');
    expect(up.code).toBe(2);
    expect(up.stderr).toContain('--out .. is the working folder or one above it');
    const inside = await run(join(dir, 'out', '.feedkit', 'x'));
    expect(inside.code).toBe(2);
    expect(inside.stderr).toContain(`--out ${join(dir, 'out', '.feedkit', 'x')} is inside a .feedkit folder`);
  });

  it('a folder in the way of a feed is exit 3 with the path; nothing is put in place', async () => {
    const { dir, run } = setUp();
    const out = join(dir, 'out');
    mkdirSync(join(out, 'google.tsv'), { recursive: true });
    const result = await run(out);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(
      /^feedkit: cannot rename \S+\/out\/\.google\.tsv\.\d+\.[0-9a-z]+\.tmp to \S+\/out\/google\.tsv: EISDIR \(a folder is in the way\) \[output-failed\]\n$/,
    );
    // Nothing else was put in place, and the run's generation went with it.
    expect(readdirSync(out).sort()).toEqual(['.feedkit', 'google.tsv']);
    expect(readdirSync(join(out, '.feedkit'))).toEqual([]);
  });

  it('a full disk is exit 3 with the path (the error feedkit gets from the file system)', () => {
    const error = outputError(
      Object.assign(new Error('ENOSPC: no space left on device, write'), {
        code: 'ENOSPC',
        syscall: 'write',
        path: 'out/.feedkit/gen-000002/google.tsv',
      }),
    );
    expect(error?.exitCode).toBe(3);
    expect(error?.message).toBe(
      'cannot write out/.feedkit/gen-000002/google.tsv: ENOSPC (no space left on the device)',
    );
    expect(outputError(new TypeError('x is undefined'))).toBeUndefined();
  });

  it('an unexpected error is exit 70 with its stack trace and a request to report it', async () => {
    const { dir, run } = setUp();
    const result = await run(join(dir, 'out'), { FEEDKIT_FAULT: 'before:flip:THROW' });
    expect(result.code).toBe(70);
    expect(result.stderr).toMatch(
      /^feedkit: internal error \(a bug in feedkit\), please report this with the lines below:\nError: injected fault before flip\n {4}at /,
    );
    // Nothing was published, and the generation went with the run.
    expect(readdirSync(join(dir, 'out')).filter((name) => !name.startsWith('.'))).toEqual([]);
    expect(readdirSync(join(dir, 'out', '.feedkit'))).toEqual([]);
  });
});

describe('no formulas in rejects.csv', { timeout: 120_000 }, () => {
  it('prefixes = + - @ tab and CR with a quote', () => {
    expect(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx', 'plain', ''].map(spreadsheetSafe)).toEqual([
      "'=1+1",
      "'+1",
      "'-1",
      "'@SUM(A1)",
      "'\tx",
      "'\rx",
      'plain',
      '',
    ]);
  });

  it("a rejected record's formula is defused in rejects.csv; the feed keeps values exactly", () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'in.csv'),
      'sku,title,price\n=cmd|x,"=HYPERLINK(""http://evil.example"",""click"")",=1+1\nS-2,"=HYPERLINK(""http://evil.example"",""ok"")","2,00"\n',
    );
    writeFileSync(join(dir, 'm.yaml'), MINIMAL_MAPPING);
    const out = join(dir, 'out');
    expect(
      cli(['convert', join(dir, 'in.csv'), '-m', join(dir, 'm.yaml'), '--out', out, '--quiet']).code,
    ).toBe(0);
    const rejects = parse(readFileSync(join(out, 'rejects.csv'), 'utf8')) as string[][];
    expect(rejects[1]?.[0]).toBe("'=cmd|x");
    expect(rejects[1]?.[5]).toBe("'=1+1");
    for (const row of rejects.slice(1)) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    const feed = tsv(readFileSync(join(out, 'google.tsv'), 'utf8'));
    expect(feed[1]?.[feed[0]?.indexOf('title') ?? -1]).toBe('=HYPERLINK("http://evil.example","ok")');
  });
});

describe('secrets never printed', { timeout: 120_000 }, () => {
  it('redacts userinfo and query in URLs wherever they are in a text', () => {
    expect(redactUrl('https://u:p@host.example:8080/a/b.csv?token=x#frag')).toBe(
      'https://host.example:8080/a/b.csv',
    );
    expect(redactText('cannot read https://u:p@h.example/f.csv?t=1, then http://h.example/x?k=2.')).toBe(
      'cannot read https://h.example/f.csv, then http://h.example/x.',
    );
    expect(redactText('out/google.tsv')).toBe('out/google.tsv');
  });

  it('no output file or stream of a run shows a URL token, a password or a header value', async () => {
    const served: string[] = [];
    const server = createServer((request, response) => {
      served.push(request.url ?? '');
      if (request.url?.startsWith('/missing')) {
        response.writeHead(404).end('no');
        return;
      }
      response.writeHead(200, { 'content-type': 'text/csv', etag: '"v1"' }).end(rows(4));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const dir = tempDir();
      writeFileSync(join(dir, 'm.yaml'), MINIMAL_MAPPING);
      const out = join(dir, 'out');
      const secrets = ['TOKENSECRET', 'PASSSECRET', 'HEADERSECRET'];
      const url = (path: string) => `http://user:PASSSECRET@127.0.0.1:${port}${path}?token=TOKENSECRET&x=1`;
      const base = ['-m', join(dir, 'm.yaml'), '--out', out, '-H', 'Authorization: Bearer HEADERSECRET'];
      const runs = [
        await cliWith([
          'convert',
          url('/feed.csv'),
          ...base,
          '--report-format',
          'md,html,junit,github',
          '--print',
          'json',
        ]),
        await cliWith(['convert', url('/feed.csv'), ...base, '--log-format', 'json', '--if-changed']),
        await cliWith(['convert', url('/feed.csv'), ...base, '--dry-run', '--print', 'md']),
        await cliWith(['convert', url('/missing.csv'), ...base]),
        await cliWith(['convert', url('/missing.csv'), ...base, '--log-format', 'json']),
        await cliWith(['convert', url('/feed.csv'), ...base, '--publish', 'copy', '--report-format', 'md']),
      ];
      expect(runs.map((r) => r.code)).toEqual([0, 0, 0, 3, 3, 0]);
      expect(served.some((u) => u.includes('token=TOKENSECRET'))).toBe(true); // it was sent, to the server
      const texts: Array<[string, string]> = runs.flatMap((r, i) => [
        [`run ${i} stdout`, r.stdout],
        [`run ${i} stderr`, r.stderr],
      ]);
      const walk = (path: string) => {
        for (const entry of readdirSync(path, { withFileTypes: true })) {
          const full = join(path, entry.name);
          if (entry.isDirectory()) walk(full);
          else if (entry.isFile()) texts.push([full, readFileSync(full, 'latin1')]);
        }
      };
      walk(out);
      expect(texts.length).toBeGreaterThan(15);
      const leaks = texts.flatMap(([where, text]) =>
        secrets.filter((s) => text.includes(s)).map((s) => `${where}: ${s}`),
      );
      expect(leaks).toEqual([]);
      expect(runs[3]?.stderr).toContain(`http://127.0.0.1:${port}/missing.csv`);
    } finally {
      server.close();
    }
  });
});

/** Spawn the built CLI without blocking (the test's HTTP server runs in this process). */
function cliWith(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/feedkit.js'), ...args], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
