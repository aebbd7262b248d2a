import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers/run.js';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

describe('the published package', () => {
  it('starts with a plain node shebang (BusyBox env, in Alpine images, has no -S)', () => {
    expect(readFileSync(join(ROOT, 'bin/feedkit.js'), 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });

  it('builds the CLI and worker bundles as pure ASCII, and the code cache fits', () => {
    // One character outside ASCII made V8 decode the 3 MB bundle the slow way on every start
    // (and keep each worker's source as two-byte text).
    for (const file of ['dist/bundle/cli.cjs', 'dist/bundle/worker.js']) {
      const bundle = readFileSync(join(ROOT, file));
      expect(bundle.findIndex((byte) => byte > 0x7f)).toBe(-1);
    }
    const probe = spawnSync(
      process.execPath,
      [
        '-e',
        "const { loadBuiltModule } = require('./dist/bundle/load.cjs');" +
          "process.stdout.write(String(loadBuiltModule(require.resolve('./dist/bundle/cli.cjs')).cached));",
        '--',
        '--help',
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    // The CLI's main is asynchronous: the probe's answer comes before the help.
    expect(probe.stdout.slice(0, 4)).toBe('true');
  });

  it('has modules find the package files only through model/paths.ts, which the CLI bundle keeps two folders deep', () => {
    // In dist/bundle/ a module's import.meta.url is the bundle's, not its own file's.
    const found = execFileSync('grep', ['-rln', 'import.meta.url', join(ROOT, 'src')], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .map((file) => file.slice(ROOT.length + 1))
      .sort();
    expect(found).toEqual(['src/model/paths.ts', 'src/pipeline/pool.ts']);
  });

  it('packs, installs from the tarball into an empty folder, and converts the bundled example with npx feedkit', () => {
    // `npm test` has built dist/; packing again would only run the build a second time.
    const packed = tempDir('feedkit-pack-');
    const listing = JSON.parse(
      execFileSync(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', packed], {
        cwd: ROOT,
        encoding: 'utf8',
      }),
    ) as Array<{ filename: string; name: string; files: { path: string }[] }>;
    const [tarball] = listing;
    expect(tarball?.name).toBe('feedkit-cli');
    const paths = (tarball?.files ?? []).map((f) => f.path);
    for (const path of [
      'bin/feedkit.js',
      'dist/cli.js',
      'dist/bundle/cli.cjs',
      'dist/bundle/cli.cjs.v8cache',
      'dist/bundle/worker.js',
      'dist/channels/builtin-channels.json',
      'dist/mapping/mapping-validator.cjs.v8cache',
      'dist/index.d.ts',
      'schemas/google.schema.json',
      'mappings/example.yaml',
      'fixtures/cases/example/supplier.csv',
      'LICENSE',
      'README.md',
    ])
      expect(paths).toContain(path);
    expect(paths.some((p) => p.startsWith('src/') || p.startsWith('test/'))).toBe(false);

    const app = tempDir('feedkit-app-');
    execFileSync(npm, ['init', '-y'], { cwd: app, stdio: 'ignore' });
    // The dependencies come from npm's cache where `npm ci` left them; the registry otherwise.
    execFileSync(
      npm,
      ['install', join(packed, tarball?.filename as string), '--prefer-offline', '--no-audit', '--no-fund'],
      {
        cwd: app,
        stdio: 'ignore',
      },
    );
    const installed = join(app, 'node_modules', 'feedkit-cli');
    expect(readFileSync(join(installed, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
    const run = spawnSync(
      'npx',
      [
        '--no-install',
        'feedkit',
        'convert',
        join(installed, 'fixtures/cases/example/supplier.csv'),
        '-m',
        join(installed, 'mappings/example.yaml'),
        '-o',
        'out',
        '--quiet',
      ],
      { cwd: app, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect([0, 1]).toContain(run.status);
    for (const file of ['google.tsv', 'meta.csv', 'klarna.csv', 'report.json'])
      expect(existsSync(join(app, 'out', file))).toBe(true);
    const version = spawnSync('npx', ['--no-install', 'feedkit', '--version'], {
      cwd: app,
      encoding: 'utf8',
    });
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  }, 240_000);
});
