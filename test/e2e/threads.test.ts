import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convert } from '../../src/convert.js';
import type { Report } from '../../src/report/report.js';
import { ROOT, tempDir } from '../helpers/run.js';

/** A supplier file with every kind of trouble, spread over many small batches. */
function troubledInput(): Buffer {
  const lines = [
    'Varenummer;EAN;Navn;Beskrivelse;Mærke;Pris;Tilbudspris;Lager;Stand;Kategori;Farve;Størrelse;Materiale;Køn;Billede;Ekstra billeder;Link;Vægt;Status;Tilbud fra;Tilbud til',
  ];
  for (let i = 0; i < 600; i++) {
    const id = i % 97 === 5 ? 'DK-1' : `DK-${1000 + i}`; // duplicates, across batches
    if (i % 53 === 7) {
      lines.push(`${id};ragged`);
      continue;
    }
    const title = i % 41 === 3 ? '' : `Uldtrøje nr. ${i}`;
    const ean = i % 37 === 2 ? '5701234000038' : '5701234000013';
    const description = i % 5 === 0 ? `"<p>Linje et</p>\nlinje ""to"" med æøå"` : `<p>Blød trøje ${i}</p>`;
    const status = i % 61 === 9 ? 'Udgået' : 'Aktiv';
    lines.push(
      `${id};${ean};${title};${description};Nordisk Uld;${i},95;;${i % 3};Ny;Tøj/Trøjer;Grå;M;Uld;Dame;/b/${i}.jpg;/b/${i}-2.jpg|/b/${i}-3.jpg;/p/${i};0,4;${status};;`,
    );
  }
  const bytes = Buffer.from(`${lines.join('\r\n')}\r\n`, 'latin1');
  // An undefined windows-1252 byte in one row: a bad-encoding reject.
  bytes[bytes.indexOf(Buffer.from('Uldtrøje nr. 300', 'latin1'))] = 0x81;
  return bytes;
}

async function run(input: string, threads: number) {
  const out = tempDir();
  await convert({ input, mapping: join(ROOT, 'mappings/example.yaml'), out, threads, batchBytes: 2048 });
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
  const stable = {
    ...report,
    finished_at: '',
    source: { ...report.source, seconds: 0 },
    channels: Object.fromEntries(
      Object.entries(report.channels).map(([name, c]) => [name, { ...c, output: '' }]),
    ),
  };
  return {
    feed: readFileSync(join(out, 'google.tsv')),
    rejects: readFileSync(join(out, 'rejects.csv')),
    report: stable,
  };
}

describe('threads', () => {
  const dir = tempDir();
  const troubled = join(dir, 'troubled.csv');
  writeFileSync(troubled, troubledInput());

  it.each([
    ['the example', join(ROOT, 'fixtures/cases/example/supplier.csv')],
    ['a troubled file over many batches', troubled],
  ])('%s: feeds, rejects and report are byte-identical with 1, 2 and 4 threads', async (_, input) => {
    // 2: this thread and one worker share the batches; 4: three workers beside it.
    const one = await run(input, 1);
    for (const threads of [2, 4]) {
      const other = await run(input, threads);
      expect(other.feed.equals(one.feed)).toBe(true);
      expect(other.rejects.toString()).toBe(one.rejects.toString());
      expect(other.report).toEqual(one.report);
    }
  });

  it('says which parser read the records: the fast cut, and csv-parse from a stray quote to its batch’s end', async () => {
    const plain = await run(join(ROOT, 'fixtures/cases/example/supplier.csv'), 4);
    expect(plain.report.source.parser).toEqual({ fast: 13, csv_parse: 0 });
    // The troubled file's header and a plain row, with a stray quote in every 100th title.
    const [header = ''] = troubledInput().toString('latin1').split('\r\n');
    const lines = [header];
    for (let i = 0; i < 400; i++) {
      const title = i % 100 === 50 ? 'Sko 7" bred' : 'Sko';
      lines.push(
        `DK-${i};5701234000013;${title};Blød sko;Nordisk;99,95;;3;Ny;Sko;Sort;40;Læder;Dame;/b.jpg;;/p/${i};0,4;Aktiv;;`,
      );
    }
    const stray = join(dir, 'stray.csv');
    writeFileSync(stray, Buffer.from(`${lines.join('\n')}\n`, 'latin1'));
    const one = await run(stray, 1);
    const four = await run(stray, 4);
    const parser = four.report.source.parser;
    expect(parser).toEqual(one.report.source.parser);
    // The file is one read chunk, so one batch: the fast cut reads the 50 records before the
    // first stray quote, csv-parse that record and the rest of the batch.
    expect(parser).toEqual({ fast: 50, csv_parse: 350 });
  });

  it('keeps absolute line numbers and every record accounted for across batches', async () => {
    const four = await run(troubled, 4);
    const google = four.report.channels.google;
    expect(google?.records.read).toBe(600);
    expect((google?.records.accepted ?? 0) + (google?.records.rejected ?? 0)).toBe(600);
    const rejects = four.rejects.toString().trim().split('\n').slice(1);
    const ragged = rejects.filter((line) => line.includes('ragged-row'));
    // Record i starts on line 2 + i + the number of earlier records with a quoted newline.
    const lineOf = (i: number) => {
      let line = 2 + i;
      for (let j = 0; j < i; j++) if (j % 5 === 0 && j % 53 !== 7) line++;
      return line;
    };
    // A row cut short names its key: the id column is among the fields it has.
    expect(ragged[0]).toMatch(new RegExp(`^DK-1007,${lineOf(7)},google,ragged-row,`));
    expect(rejects.some((line) => line.startsWith(`DK-1300,${lineOf(300)},google,bad-encoding`))).toBe(true);
    expect(rejects.filter((line) => line.includes('duplicate-id')).length).toBeGreaterThan(3);
  });
});
