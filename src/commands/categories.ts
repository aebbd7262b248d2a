import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { CategoriesResult } from '../categories/categories.js';
import { languages } from '../categories/languages/index.js';
import { MIN_CONFIDENCE } from '../categories/match.js';
import { FeedkitError } from '../model/errors.js';

function confidence(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0 || number > 1) throw new InvalidArgumentError('expected 0–1');
  return number;
}

/** `feedkit categories`: propose Google taxonomy ids for a supplier's categories. */
export function categoriesCommand(): Command {
  return new Command('categories')
    .description(
      "propose a Google taxonomy id for every distinct supplier category, as a lookup CSV for the mapping's google_product_category",
    )
    .argument('<input>', 'supplier file (CSV/TSV/XML, optionally gzipped), URL, or - for stdin')
    .requiredOption('-m, --mapping <file>', 'mapping file (YAML)')
    .addOption(
      new Option('--lang <language>', "the categories' language (default: guessed from them)").choices(
        Object.keys(languages),
      ),
    )
    .option('-o, --output <file>', 'write the CSV here instead of to stdout')
    .option('--force', 'overwrite the --output file when it exists')
    .option(
      '--min-confidence <n>',
      `fill the id column from this confidence up (0–1, default ${MIN_CONFIDENCE}); below it id stays empty for review`,
      confidence,
    )
    .addHelpText(
      'after',
      `
Columns: category (the lookup key), id (what the lookup uses), proposed_id, path, confidence,
records, sample_title. Review the rows whose id is empty, then use the file in the mapping:
  google_product_category: { from: <column>, pipe: [{ lookup: { file: categories.csv, missing: drop } }] }

Examples:
  feedkit categories supplier.csv --mapping mappings/acme.yaml -o mappings/categories.csv
  feedkit categories supplier.csv -m acme.yaml --lang de | column -s, -t`,
    )
    .action(
      async (
        input: string,
        opts: { mapping: string; lang?: string; output?: string; force?: boolean; minConfidence?: number },
      ) => {
        if (opts.output !== undefined && !opts.force && existsSync(opts.output)) {
          throw new FeedkitError(
            'usage',
            `${opts.output} exists (it may hold reviewed ids); --force replaces it`,
            {
              file: opts.output,
            },
          );
        }
        const { categories, categoriesCsv } = await import('../categories/categories.js');
        const result = await categories({
          input,
          mapping: opts.mapping,
          lang: opts.lang,
          minConfidence: opts.minConfidence,
        });
        const csv = categoriesCsv(result.rows);
        if (opts.output === undefined) process.stdout.write(csv);
        else {
          try {
            await mkdir(dirname(opts.output), { recursive: true });
            await writeFile(opts.output, csv);
          } catch (error) {
            throw new FeedkitError(
              'output-failed',
              `cannot write: ${(error as NodeJS.ErrnoException).code}`,
              {
                file: opts.output,
              },
            );
          }
        }
        for (const line of summary(result, opts.mapping, opts.output))
          process.stderr.write(`feedkit: ${line}\n`);
      },
    );
}

/** A plain YAML scalar when that reads back the same, else a quoted one. */
function yamlText(text: string): string {
  return /^[\p{L}\p{N}_][\p{L}\p{N}_ .-]*$/u.test(text) && !/ $/.test(text) ? text : JSON.stringify(text);
}

/** What the run found and how to use the file, for stderr. */
function summary(result: CategoriesResult, mapping: string, output: string | undefined): string[] {
  const { collected, language, rows, minConfidence } = result;
  const { language: lang, known } = language;
  const percent = `${Math.round(known * 100)}%`;
  const left = [
    collected.excluded > 0 ? `${collected.excluded} excluded by filters` : '',
    collected.uncategorised > 0 ? `${collected.uncategorised} without a category` : '',
    collected.unreadable > 0 ? `${collected.unreadable} unreadable` : '',
  ].filter((part) => part !== '');
  const review = rows.filter((row) => row.id === '').length;
  const lines = [
    `${rows.length} categories in ${collected.records} records${left.length > 0 ? ` (${left.join(', ')})` : ''}`,
    language.guessed
      ? `language: ${lang.name} (${lang.title}), guessed: ${percent} of the category words are in its taxonomy; --lang to choose`
      : `language: ${lang.name} (${lang.title}); ${percent} of the category words are in its taxonomy`,
    `${rows.length - review} proposals at confidence ${minConfidence} or above; ${review} to review (id left empty)`,
  ];
  // A lookup table is named relative to the mapping's folder.
  const file = relative(dirname(mapping), output ?? join(dirname(mapping), 'categories.csv'));
  const key = collected.key;
  if (key.kind === 'lookup')
    lines.push(`keys as google_product_category's lookup step (${key.file}) sees them`);
  else if (key.kind === 'column')
    lines.push(
      `to use it: google_product_category: { from: ${yamlText(key.column)}, pipe: [{ lookup: { file: ${file}, missing: drop } }] }`,
    );
  else
    lines.push(
      `keys are product_type as mapped: give google_product_category the same source and pipe, then { lookup: { file: ${file}, missing: drop } }`,
    );
  return lines;
}
