import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { ChannelSnapshot } from '../changes/channel-snapshot.js';
import type { Job } from '../pipeline/job.js';
import { type RendererName, renderers } from '../report/render/index.js';
import { REJECT_COLUMNS } from '../sinks/rejects.js';
import { AtomicFile } from './atomic-file.js';
import { FeedWriter } from './feed-writer.js';
import { newGeneration } from './generations.js';
import { onInterrupt, publishPhase, throwIfStopping } from './interrupt.js';

/** A report renderer and the file it writes into the output folder. */
export interface ExtraReport {
  renderer: (typeof renderers)[RendererName];
  file: string;
}

/** The files one run writes, in a generation folder no reader sees until the commit. */
export interface RunFiles {
  /** The generation folder. */
  gen: string;
  /** One writer per channel, in the job's order. */
  feeds: FeedWriter[];
  rejectsFile: AtomicFile;
  /** Files a channel's format writes beside its feed (acp's metadata.json). */
  besides: AtomicFile[];
  /** Report files besides report.json. */
  extraReports: ExtraReport[];
  /** One snapshot per channel, in the job's order (written into the generation's `.snapshot/`). */
  snapshots: ChannelSnapshot[];
  /** Remove everything of the run that was not published. */
  discard(): Promise<void>;
  /** Stop removing the run's files on an interrupt. */
  stopCleanup(): void;
}

/** Open the run's generation folder and its writers; an interrupt removes them again. */
export async function openRunFiles(
  out: string,
  job: Job,
  reportFormats: readonly string[],
  /** The run's time (milliseconds since the epoch), for files that carry it. */
  now: number = Date.now(),
): Promise<RunFiles> {
  // (A signal that waited for a take-over of the folder has begun to end the run: no new folder then.)
  throwIfStopping();
  const gen = await newGeneration(out);
  // A channel whose files are a folder (acp/): the folder, and the files its format writes beside the feed.
  const besides: AtomicFile[] = [];
  for (const compiled of job.channels) {
    const folder = compiled.output.folder;
    if (folder === undefined) continue;
    await mkdir(join(gen, folder), { recursive: true });
    for (const [name, text] of Object.entries(compiled.sink.besides?.(compiled.options, now) ?? {})) {
      const file = new AtomicFile(join(gen, folder, name), true);
      besides.push(file);
      await file.write(text);
    }
  }
  const feeds = job.channels.map(
    (compiled) =>
      new FeedWriter(
        join(gen, compiled.output.folder ?? '', compiled.output.file),
        compiled.sink.header(compiled.fields, compiled.options),
        compiled.sink.footer(compiled.fields, compiled.options),
        compiled.output.shard,
        true,
      ),
  );
  const rejectsFile = new AtomicFile(join(gen, 'rejects.csv'), true);
  const snapshots = job.channels.map(
    (compiled, c) => new ChannelSnapshot(compiled.snapshot, join(gen, `.snapshot-runs-${c}`)),
  );
  const extraReports = reportFormats
    .filter((name) => name !== 'json')
    .map((name) => {
      const renderer = renderers[name as RendererName];
      if (renderer === undefined) throw new Error(`no report renderer ${name}`);
      const file =
        renderer.name === renderer.extension
          ? `report.${renderer.extension}`
          : `report.${renderer.name}.${renderer.extension}`;
      return { renderer, file };
    });
  const all = [...feeds, rejectsFile, ...besides];
  const discard = async () => {
    if (publishPhase() === 'published') return;
    await Promise.all(all.map((file) => file.discard()));
    await rm(gen, { recursive: true, force: true });
  };
  const stopCleanup = onInterrupt(discard);
  return { gen, feeds, rejectsFile, besides, extraReports, snapshots, discard, stopCleanup };
}

/** Start every writer: feed headers, and the rejects file's header row. */
export async function startRunFiles(files: RunFiles): Promise<void> {
  for (const feed of files.feeds) await feed.start();
  await files.rejectsFile.write(stringify([REJECT_COLUMNS]));
}

/** Close every writer (the files stay temporary until the commit). */
export async function closeRunFiles(files: RunFiles): Promise<void> {
  for (const file of [...files.feeds, files.rejectsFile, ...files.besides]) await file.close();
}
