import type {
  FieldProposal,
  FilterProposal,
  MappedField,
  MappingProposal,
  OpenField,
  PipeStep,
  SourceProposal,
  VariantsProposal,
} from './proposal.js';

/** A YAML scalar that is safe in flow and block context: plain when it can be, else double-quoted. */
function scalar(value: string | number | boolean): string {
  if (typeof value !== 'string') return String(value);
  const plain =
    /^[\p{L}_][\p{L}\p{N}_ .()/'-]*$/u.test(value) &&
    !/[ ]$/.test(value) &&
    !/ #|: /.test(value) &&
    !/^(?:y|n|yes|no|on|off|true|false|null)$/i.test(value);
  return plain ? value : JSON.stringify(value);
}

function stepText(step: PipeStep): string {
  if (typeof step === 'string') return step;
  const [name, options] = Object.entries(step)[0] as [string, unknown];
  return `{ ${name}: ${flow(options)} }`;
}

function flow(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(flow).join(', ')}]`;
  if (value !== null && typeof value === 'object')
    return `{ ${Object.entries(value)
      .map(([k, v]) => `${scalar(k)}: ${flow(v)}`)
      .join(', ')} }`;
  return scalar(value as string | number | boolean);
}

/** An expression as a single-quoted YAML scalar (its strings are in double quotes). */
function quoted(expression: string): string {
  return `'${expression.replaceAll("'", "''")}'`;
}

/** ` # comment`, or nothing. */
function tail(comment: string | undefined): string {
  return comment === undefined ? '' : ` # ${comment}`;
}

/** A field's entry without a value map: on one line when it fits in 110 characters, else as a block. */
function entry(field: MappedField): string[] {
  const spec: Record<string, unknown> = {};
  if (field.from !== undefined) spec.from = field.from;
  if (field.value !== undefined) spec.value = field.value;
  if (field.pipe !== undefined) spec.pipe = field.pipe;
  if (field.default !== undefined) spec.default = field.default;
  const comment = tail(field.why);
  const keys = Object.keys(spec);
  if (keys.length === 1 && keys[0] === 'from' && typeof spec.from === 'string')
    return [`  ${field.field}: ${scalar(spec.from)}${comment}`];
  const parts = Object.entries(spec).map(
    ([key, value]) =>
      `${key}: ${key === 'pipe' ? `[${(value as PipeStep[]).map(stepText).join(', ')}]` : flow(value)}`,
  );
  const one = `  ${field.field}: { ${parts.join(', ')} }${comment}`;
  if (one.length <= 110) return [one];
  return [`  ${field.field}:${comment}`, ...parts.map((part) => `    ${part}`)];
}

/** A field with a value map, as a block; values no word list knows are left as comments. */
function mapBlock(field: MappedField): string[] {
  const map = field.map;
  if (map === undefined) return entry(field);
  const lines = [`  ${field.field}:${tail(field.why)}`, `    from: ${scalar(field.from as string)}`];
  if (field.when !== undefined) lines.push(`    when: ${quoted(field.when)}`);
  const indent = map.known.length > 0 ? '      # ' : '    #   ';
  if (map.known.length > 0 || map.dropped.length > 0) lines.push('    map:');
  else if (map.unrecognised.length > 0) lines.push('    # map:');
  for (const { value, canonical } of map.known) lines.push(`      ${scalar(value)}: ${canonical}`);
  // Mapped to nothing: the field stays empty for these values.
  for (const value of map.dropped) lines.push(`      ${scalar(value)}: ""`);
  // Unknown values pass unchanged and the channel refuses them: the user decides what they mean.
  for (const value of map.unrecognised)
    lines.push(
      `${indent}${scalar(value)}: ? # not recognised: one of ${map.allowed.join(', ')}, or leave it out`,
    );
  if (field.default !== undefined) lines.push(`    default: ${field.default}`);
  return lines;
}

/** The comment for a field a channel uses that no column was found for. */
function openLine(field: OpenField): string {
  const names = field.lookedFor.join(', ');
  return `  # ${field.field}: ${field.group} by ${field.channels.join(', ')}; ${
    names === '' ? 'not in the file' : `no column like ${names}`
  }${field.constant ? ` (or a constant: ${field.field}: { value: … })` : ''}`;
}

function fieldLines(field: FieldProposal): string[] {
  if (field.status === 'from-options') return [`  # ${field.field}: from the options above`];
  if (field.status === 'open') return [openLine(field)];
  return mapBlock(field);
}

function sourceLines(source: SourceProposal): string[] {
  const lines = [
    'source:',
    `  encoding: ${source.encoding} # sniffed${source.bom ? ' (byte-order mark)' : ''}`,
    `  delimiter: ${source.delimiter === '\t' ? 'tab' : JSON.stringify(source.delimiter)} # sniffed`,
  ];
  if (source.decimal !== 'auto')
    lines.push(
      `  decimal: ${JSON.stringify(source.decimal)} # every number with decimals in the file uses it`,
    );
  else
    lines.push(
      `  decimal: auto # ${source.decimalSeen === 'mixed' ? 'both 12,50 and 12.50 occur' : 'no number says'}: decided per value`,
    );
  const base = source.baseUrl;
  if (base !== undefined)
    lines.push(
      base.from === 'placeholder'
        ? `  base_url: ${base.url} # check: replace with the shop's address; relative links and image paths are resolved against it`
        : `  base_url: ${base.url} # the address the file's absolute URLs use; relative paths are resolved against it`,
    );
  lines.push(`  currency: ${source.currency.code} # ${source.currency.why}`);
  return lines;
}

function variantLines(variants: VariantsProposal): string[] {
  switch (variants.shape) {
    case 'shopify':
      return [
        'variants: # Shopify: the rows of one Handle are one product; its first row has the product values',
        `  handle: ${variants.handle}`,
        ...(variants.fill.length > 0
          ? [
              `  fill: [${variants.fill.map(scalar).join(', ')}] # on the product's first row only: carried to its other rows`,
            ]
          : []),
      ];
    case 'woocommerce':
      return [
        'variants: # WooCommerce: variations name their parent in Parent (its SKU, or id:<ID>)',
        `  parent: ${scalar(variants.parent)}`,
        `  key: ${scalar(variants.key)}`,
        ...(variants.ids === undefined ? [] : [`  ids: ${scalar(variants.ids)}`]),
      ];
    case 'magento':
      return [
        'variants: # Magento 2: configurable products list their children (sku=…) in configurable_variations',
        `  children: { from: ${variants.children}, key: ${variants.key} }`,
      ];
  }
}

function filterLines(filter: FilterProposal): string[] {
  const rows = filter.rows;
  const comment =
    rows === undefined
      ? ''
      : ` # check: ${rows.count} of ${rows.of} rows${rows.firstRowOnly ? " (each product's first row)" : ''}`;
  return [`  - exclude: ${quoted(filter.exclude)}${comment}`, `    reason: ${filter.reason}`];
}

/** The sections between `channels:` and `fields:`, each after a blank line. */
function sectionLines(proposal: MappingProposal): string[] {
  const lines: string[] = [];
  if (proposal.variants !== undefined) lines.push('', ...variantLines(proposal.variants));
  if (proposal.options.length > 0)
    lines.push(
      '',
      '# Option names (Color, Size …) give each variant its colour and size; other options are kept',
      "# as the record's options (OpenAI's variant_dict).",
      'options:',
      ...proposal.options.map((pair) => `  - { name: ${scalar(pair.name)}, value: ${scalar(pair.value)} }`),
    );
  if (proposal.filters.length > 0) lines.push('', 'filters:', ...proposal.filters.flatMap(filterLines));
  return lines;
}

/**
 * A proposal as the starter mapping's YAML text, with a comment on every guess and on every
 * field left open. `output` is where it will be written, for the comment saying how to run it.
 */
export function writeMappingYaml(proposal: MappingProposal, output?: string): string {
  const mapping = output ?? 'mapping.yaml';
  const lines = [
    `# Starter mapping for ${proposal.file}, written by \`feedkit init\` from its column names and values.`,
    '# Lines marked "check" are guesses. Run:',
    `#   feedkit check ${mapping}`,
    `#   feedkit convert ${proposal.input} --mapping ${mapping}`,
    ...sourceLines(proposal.source),
    '',
    `channels: [${proposal.channels.join(', ')}]`,
  ];
  if (proposal.channels.includes('openai'))
    lines.push(
      '# openai needs the seller: add under channels.openai.fields seller_name, seller_url,',
      '# seller_privacy_policy, seller_tos and return_policy ({ value: … }), as in mappings/example.yaml.',
    );
  lines.push(...sectionLines(proposal), '', 'fields:', ...proposal.fields.flatMap(fieldLines));
  if (proposal.optionalNotFound.length > 0)
    lines.push(`  # optional, not found: ${proposal.optionalNotFound.join(', ')}`);
  const extract = proposal.extract;
  if (extract !== undefined)
    lines.push(
      '',
      `# ${extract.fields.join(', ')}: no column; guessed from the titles and descriptions where they name one`,
      '# (whole words from a dictionary per language; the report counts guesses apart from supplier values)',
      `extract: { language: ${extract.language}, fields: [${extract.fields.join(', ')}] }${
        extract.languageGuessed ? ' # check: the language of the texts' : ''
      }`,
    );
  return `${lines.join('\n')}\n`;
}
