import { describe, expect, it } from 'vitest';
import type { CompiledField } from '../../src/mapping/compile-field.js';
import { compileDisclosure, structuredText } from '../../src/mapping/disclosure.js';
import { SOURCE } from '../../src/mapping/provenance.js';

/** A compiled field whose last value came from a generated join (or not). */
function field(name: CompiledField['name'], generated: boolean): CompiledField {
  return { name, run: () => undefined, source: SOURCE.join, generated };
}

describe('disclosure of generated text from provenance', () => {
  it('writes Google’s structured form, a double quote inside made a single one', () => {
    expect(structuredText('Bølge "classic" hættetrøje')).toBe(
      `trained_algorithmic_media:"Bølge 'classic' hættetrøje"`,
    );
  });

  it('discloses only the values a generated join gave', () => {
    const title = field('title', true);
    const description = field('description', false);
    const disclose = compileDisclosure([{ generated: true }], [title, description]);
    const product: Record<string, unknown> = { title: 'Skov T-shirt', description: 'Bløde sokker.' };
    disclose?.(product);
    expect(product).toEqual({
      title: 'Skov T-shirt',
      description: 'Bløde sokker.',
      structured_title: 'trained_algorithmic_media:"Skov T-shirt"',
    });
  });

  it('costs nothing without a generated join, and leaves a field the mapping fills itself alone', () => {
    expect(compileDisclosure([{}], [field('title', true)])).toBeUndefined();
    const own = compileDisclosure(
      [{ generated: true }],
      [field('title', true), field('structured_title', false)],
    );
    expect(own).toBeUndefined();
  });
});
