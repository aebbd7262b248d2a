// The floors of src/, lowest first. A module may import its own floor and the floors below it,
// never one above, and no import circle is allowed. `npm run check` runs this (npm run deps).
//
//   model/, text/       the ground floor: shared nouns (record, rows and columns, issue kinds,
//                       errors, paths) and text helpers (GTIN, numbers, HTML, entities, XML,
//                       regex safety). text/ imports nothing of the project; model/ may import
//                       text/ (errors redact what they print), never the other way round.
//   config/             the mapping file: YAML with positions, its types, paths beside it
//   sources/            bytes to rows: inputs, CSV, XML, joins
//   mapping/            rows to canonical records: the compiler, transforms, expressions, and
//                       the mapping file's JSON Schema and structure check (they need the
//                       transform registry)
//   taxonomy            categories/ matching (languages, index, match): used by channels
//   channels/           project, validate
//   sinks/              pure feed formats and the rejects file
//   probe/              the image and link probe (--probe): image headers, the probe of each URL
//                       on the sources' HTTP client (sources/http.ts), its cache, and the facts
//                       judged by a channel's image rules (channels/definition.ts); above the
//                       channels it reads, below the readiness score whose probe rules use it
//   readiness/          the AI readiness score: rules (schemas/readiness.yaml) loaded and
//                       compiled, a record scored per channel, counts merged across batches;
//                       reads canonical records and YAML (config/), below the report that
//                       turns its counts into a section and the pipeline that runs it per batch
//   report/             the report: data, stats and renderers
//   changes/            item-level change control: the snapshot format, hashing, the external
//                       sort and the merge-join with the published snapshot, the change rules;
//                       it fills the report's change section (report/, below) and is driven by
//                       the per-batch path and the publish step (pipeline/, publish/, above)
//   pipeline/, publish/ the per-batch path and its executors; files, journal, lock, state, gate
//   convert, check, index  the library's main sequences (src/convert.ts, src/check.ts, src/index.ts,
//                       and categories() with its collecting pass)
//   commands            src/commands/, onboard/ (init, inspect), categories/command.ts
//   cli                 src/cli.ts
const floors = [
  ['model', '^src/(model|text)/'],
  ['config', '^src/config/'],
  ['sources', '^src/sources/'],
  ['mapping', '^src/mapping/'],
  ['taxonomy', '^src/categories/(languages/|guess-language\\.ts|match\\.ts|taxonomy-index\\.ts)'],
  ['channels', '^src/channels/'],
  ['sinks', '^src/sinks/'],
  ['probe', '^src/probe/'],
  ['readiness', '^src/readiness/'],
  ['report', '^src/report/'],
  ['changes', '^src/changes/'],
  ['pipeline', '^src/(pipeline|publish)/'],
  ['main', '^src/(convert|check|index)\\.ts$|^src/categories/(categories|collect)\\.ts$'],
  ['commands', '^src/(commands|onboard)/|^src/categories/command\\.ts$'],
  ['cli', '^src/cli\\.ts$'],
];

/** Every floor above `index`, as one path pattern. */
const above = (index) =>
  floors
    .slice(index + 1)
    .map(([, path]) => `(${path})`)
    .join('|');

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import circle: the floors must form a line, each leaning only on those below.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'text-imports-no-model',
      severity: 'error',
      comment: 'text/ is the lowest floor: it imports nothing of the project outside text/.',
      from: { path: '^src/text/' },
      to: { path: '^src/', pathNot: '^src/text/' },
    },
    ...floors.slice(0, -1).map(([name, path], index) => ({
      name: `${name}-imports-no-floor-above`,
      severity: 'error',
      comment: `${name} is a lower floor: it must not import a floor above it.`,
      from: { path },
      to: { path: above(index) },
    })),
    {
      name: 'sinks-are-pure-formats',
      severity: 'error',
      comment: 'sinks/ turns items into bytes; files (writing, reading back, rewriting) belong in publish/.',
      from: { path: '^src/sinks/' },
      to: { dependencyTypes: ['core'], path: '^(node:)?fs' },
    },
    {
      name: 'every-module-has-a-floor',
      severity: 'error',
      comment: 'A file in src/ outside every floor: add its folder to the floors in .dependency-cruiser.cjs.',
      from: { path: '^src/', pathNot: floors.map(([, path]) => `(${path})`).join('|') },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
