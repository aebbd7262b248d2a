import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINIMAL_MAPPING, ROOT, tempDir } from '../helpers/run.js';

// A local server stands in for GitHub's API: it keeps the pull request's comments.
const comments: Array<{ id: number; body: string }> = [];
const requests: Array<{ method: string; url: string; authorization?: string }> = [];
let server: Server;
let api = '';

const body = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let text = '';
    req.on('data', (chunk) => {
      text += chunk;
    });
    req.on('end', () => resolve(text));
  });

beforeAll(async () => {
  server = createServer(async (req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization });
    const url = req.url ?? '';
    if (req.method === 'GET' && /^\/repos\/acme\/catalog\/issues\/7\/comments/.test(url)) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(comments));
    } else if (req.method === 'POST' && url === '/repos/acme/catalog/issues/7/comments') {
      const comment = { id: 100 + comments.length, body: JSON.parse(await body(req)).body as string };
      comments.push(comment);
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify(comment));
    } else if (req.method === 'PATCH' && /^\/repos\/acme\/catalog\/issues\/comments\/\d+$/.test(url)) {
      const id = Number(url.split('/').pop());
      const comment = comments.find((c) => c.id === id);
      if (comment) comment.body = JSON.parse(await body(req)).body as string;
      res
        .writeHead(comment ? 200 : 404, { 'content-type': 'application/json' })
        .end(JSON.stringify(comment ?? {}));
    } else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** Run the action's script as GitHub's runner would, in a simulated pull-request job. */
function runAction(inputs: Record<string, string>, extra: Record<string, string> = {}) {
  const dir = tempDir('feedkit-action-');
  const event = join(dir, 'event.json');
  writeFileSync(event, JSON.stringify({ pull_request: { number: 7 } }));
  const summary = join(dir, 'summary.md');
  const output = join(dir, 'output.txt');
  writeFileSync(summary, '');
  writeFileSync(output, '');
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    GITHUB_ACTION_PATH: ROOT,
    GITHUB_EVENT_PATH: event,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_OUTPUT: output,
    GITHUB_REPOSITORY: 'acme/catalog',
    GITHUB_API_URL: api,
    RUNNER_TEMP: dir,
    FEEDKIT_COMMAND: `${process.execPath} ${join(ROOT, 'bin/feedkit.js')}`,
    ...Object.fromEntries(
      Object.entries(inputs).map(([k, v]) => [`FEEDKIT_${k.toUpperCase().replaceAll('-', '_')}`, v]),
    ),
    ...extra,
  };
  // Not spawnSync: the API stand-in runs in this process and must answer while the step runs.
  return new Promise<{ status: number | null; stdout: string; summary: string; output: string }>(
    (resolve) => {
      const child = spawn(process.execPath, [join(ROOT, 'action/run.mjs')], {
        env,
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      let stdout = '';
      child.stdout.on('data', (chunk) => {
        stdout += chunk;
      });
      child.on('close', (status) =>
        resolve({
          status,
          stdout,
          summary: readFileSync(summary, 'utf8'),
          output: readFileSync(output, 'utf8'),
        }),
      );
    },
  );
}

describe('the GitHub Action', () => {
  it('reports to the job summary and one pull-request comment, at most 10 annotations, exit code as fail-on says', async () => {
    const dir = tempDir();
    const input = join(dir, 'supplier.csv');
    // 15 records without a title, in three channels: more annotations than a step may show.
    const rows = Array.from({ length: 15 }, (_, i) => `S-${i},,"${i + 1},00"`);
    writeFileSync(input, `sku,title,price\nOK-1,Lamp,"10,00"\n${rows.join('\n')}\n`);
    const mapping = join(dir, 'm.yaml');
    writeFileSync(mapping, `${MINIMAL_MAPPING}quality: { min_score: 99 }\n`);

    const first = await runAction({ input, mapping, token: 's3cret', channels: 'google,meta,klarna' });
    expect(first.status).toBe(1);
    expect(first.output).toBe('exit-code=1\n');
    expect(first.summary).toContain('| google | 16 | 1 | 15 |');
    const annotations = first.stdout
      .split('\n')
      .filter((line) => line.startsWith('::error') || line.startsWith('::warning'));
    expect(annotations).toHaveLength(10);
    expect(first.summary).toMatch(/<summary>\d+ more annotations<\/summary>/);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body.startsWith('<!-- feedkit-report -->\n')).toBe(true);
    expect(comments[0]?.body).toContain('| google | 16 | 1 | 15 |');
    expect(requests.every((r) => r.authorization === 'Bearer s3cret')).toBe(true);

    // The next push updates the same comment.
    const second = await runAction({ input, mapping, token: 's3cret', 'fail-on': 'error' });
    expect(second.status).toBe(0);
    expect(second.stdout).toContain(
      '::warning title=feedkit::a quality threshold failed (fail-on: error lets it pass)',
    );
    expect(comments).toHaveLength(1);
    expect(requests.filter((r) => r.method === 'PATCH')).toHaveLength(1);

    // No token: no comment, the summary still has the report; a broken mapping fails the step.
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, 'fields:\n  id: sku\n  title: { from: name, pipe: [{ truncat: 5 }] }\n');
    const third = await runAction({ input, mapping: broken, 'fail-on': 'never' });
    expect(third.status).toBe(0);
    expect(third.output).toBe('exit-code=2\n');
    expect(third.summary).toContain('feedkit could not run (exit 2)');
    expect(third.summary).toContain('unknown transform "truncat"');
    expect(requests.filter((r) => r.method !== 'GET')).toHaveLength(2);
  }, 60_000);
});
