import { describe, expect, it } from 'vitest';
import { guessLanguage } from '../../src/categories/guess-language.js';
import { languages } from '../../src/categories/languages/index.js';
import { type LanguageDef, nameGroups, stem } from '../../src/categories/languages/language.js';
import { propose } from '../../src/categories/match.js';
import { googleTaxonomyIndex, indexTaxonomy } from '../../src/categories/taxonomy-index.js';

const lang = (name: string) => languages[name] as LanguageDef;
const match = (name: string, path: string, titles: string[] = []) =>
  propose(googleTaxonomyIndex(lang(name)), { path, titles });

describe('stemming', () => {
  it.each([
    ['da', 'trøje', 'trøjer'],
    ['da', 'sok', 'sokker'],
    ['da', 'jakke', 'jakkerne'],
    ['de', 'mantel', 'mäntel'],
    ['de', 'jacke', 'jacken'],
    ['de', 'kleid', 'kleider'],
    ['sv', 'jacka', 'jackor'],
    ['sv', 'sko', 'skor'],
    ['sv', 'kniv', 'knivar'],
    ['en', 'knife', 'knives'],
    ['en', 'accessory', 'accessories'],
    ['en', 'dress', 'dresses'],
  ])('%s: %s and %s share a stem', (name, singular, plural) => {
    expect(stem(lang(name), singular)).toBe(stem(lang(name), plural));
  });

  it('drops function words and audience words', () => {
    expect(stem(lang('da'), 'og')).toBeUndefined();
    expect(stem(lang('de'), 'damen')).toBeUndefined();
    expect(stem(lang('sv'), 'herr')).toBeUndefined();
    expect(stem(lang('en'), 'women')).toBeUndefined();
  });

  it('reads a category name as groups of alternatives', () => {
    expect(nameGroups(lang('da'), 'Frakker og jakker')).toEqual([[['frak'], ['jak']]]);
    expect(nameGroups(lang('da'), 'Huer til babyer og småbørn')).toEqual([[['hu']], [['baby'], ['småbørn']]]);
    expect(nameGroups(lang('en'), 'Kitchen Tools & Utensils')).toEqual([[['kitchen', 'tool'], ['utensil']]]);
  });
});

describe('proposals from Google’s taxonomy', () => {
  it('da: Tøj > Sokker is socks, confidently', () => {
    const proposal = match('da', 'Tøj > Sokker');
    expect(proposal?.id).toBe('209');
    expect(proposal?.path).toBe('Tøj og tilbehør > Tøj > Undertøj og sokker > Sokker');
    expect(proposal?.confidence).toBeGreaterThanOrEqual(0.5);
  });

  it('da: "Frakker og jakker" answers jackets and coats alike, and a compound finds it', () => {
    expect(match('da', 'Tøj > Jakker')?.id).toBe('5598');
    expect(match('da', 'Tøj/Frakker')?.id).toBe('5598');
    expect(match('da', 'Tøj > Vinterjakker')?.id).toBe('5598');
  });

  it('da: a word of the taxonomy is not split into a compound (legetøj is toys, not clothing)', () => {
    expect(match('da', 'Legetøj')?.path).toBe('Legetøj og spil > Legetøj');
  });

  it('da: Tøj > Trøjer stays below the threshold: the 2015 Danish taxonomy has no sweaters', () => {
    const proposal = match('da', 'Tøj > Trøjer', ['Strikket cardigan i uld']);
    expect(proposal?.confidence).toBeLessThan(0.5);
  });

  it('da: three categories named "Tørklæder …" are a tie, so the confidence is low', () => {
    const scarves = match('da', 'Tilbehør > Tørklæder');
    const socks = match('da', 'Tøj > Sokker');
    expect(scarves?.path).toMatch(/> Tørklæder og /);
    expect(scarves?.confidence).toBeLessThan(socks?.confidence ?? 0);
    expect(scarves?.confidence).toBeLessThan(0.5);
  });

  it('de: Bekleidung > Damen > Pullover falls back to clothing: no pullovers in the taxonomy, Damen says who', () => {
    const proposal = match('de', 'Bekleidung > Damen > Pullover');
    expect(proposal?.id).toBe('1604');
    expect(proposal?.confidence).toBeLessThan(0.5);
  });

  it('de: a compound ending in a taxonomy word (Damenjacken → Jacken), and two words in one (Küchenmesser)', () => {
    expect(match('de', 'Bekleidung > Damenjacken')?.id).toBe('5598');
    const knives = match('de', 'Küche > Messer');
    expect(knives?.path).toBe(
      'Heim & Garten > Küche & Esszimmer > Küchenhelfer & -utensilien > Küchenmesser',
    );
    expect(knives?.confidence).toBeGreaterThanOrEqual(0.5);
  });

  it('de: the upper levels steer away from other branches (Schuhe > Damenstiefel is shoes)', () => {
    expect(match('de', 'Schuhe > Damenstiefel')?.path).toBe('Bekleidung & Accessoires > Schuhe');
  });

  it('sv: Kläder > Jackor, Kök > Knivar', () => {
    const jackets = match('sv', 'Kläder > Jackor');
    expect(jackets?.path).toBe('Kläder och accessoarer > Kläder > Ytterkläder > Kappor och jackor');
    expect(jackets?.confidence).toBeGreaterThanOrEqual(0.5);
    expect(match('sv', 'Kök > Knivar')?.id).toBe('665');
  });

  it('en: Kitchen > Knives, Clothing > Women > Dresses', () => {
    expect(match('en', 'Kitchen > Knives')?.path).toBe(
      'Home & Garden > Kitchen & Dining > Kitchen Tools & Utensils > Kitchen Knives',
    );
    const dresses = match('en', 'Clothing > Women > Dresses');
    expect(dresses?.id).toBe('2271');
    expect(dresses?.confidence).toBeGreaterThanOrEqual(0.5);
  });

  it('nothing known: no proposal', () => {
    expect(match('da', 'Bolig > Plaider', ['Plaid i uld'])).toBeUndefined();
    expect(match('en', 'Misc')).toBeUndefined();
  });

  it('finds most taxonomy categories from their last two levels', () => {
    const index = googleTaxonomyIndex(lang('en'));
    let same = 0;
    for (const node of index.nodes) {
      const path = node.path.split(' > ').slice(-2).join(' > ');
      if (propose(index, { path })?.id === node.id) same++;
    }
    expect(same / index.nodes.length).toBeGreaterThan(0.98);
  });
});

describe('matching rules, on a small taxonomy', () => {
  const taxonomy = [
    '1 - Tøj',
    '2 - Tøj > Overtøj',
    '3 - Tøj > Overtøj > Frakker og jakker',
    '4 - Tøj > Overtøj > Regnsæt',
    '5 - Sport > Fægtejakker',
  ].join('\n');
  const index = indexTaxonomy(lang('da'), taxonomy);

  it('prefers a deeper node only when its own name is matched', () => {
    expect(propose(index, { path: 'Tøj' })?.id).toBe('1');
    expect(propose(index, { path: 'Tøj > Overtøj' })?.id).toBe('2');
    expect(propose(index, { path: 'Tøj > Overtøj > Jakker' })?.id).toBe('3');
  });

  it('a narrower compound of the taxonomy counts less than the word itself', () => {
    expect(propose(index, { path: 'Jakker' })?.id).toBe('3');
  });

  it('titles alone propose, with no confidence: they are weaker evidence', () => {
    const proposal = propose(index, { path: 'Diverse', titles: ['Regnjakke, gul'] });
    expect(proposal?.id).toBe('3');
    expect(proposal?.confidence).toBe(0);
  });
});

describe('language guess', () => {
  it.each([
    ['da', ['Tøj/Trøjer', 'Tøj/Sokker', 'Tilbehør/Huer', 'Tilbehør/Vanter']],
    ['de', ['Bekleidung > Damen > Pullover', 'Küche > Messer', 'Schuhe > Stiefel']],
    ['sv', ['Kläder > Jackor', 'Kök > Knivar', 'Skor']],
    ['en', ['Kitchen > Knives', 'Clothing > Dresses', 'Shoes']],
  ])('%s', (name, paths) => {
    const guess = guessLanguage(paths);
    expect(guess.language.name).toBe(name);
    expect(guess.guessed).toBe(true);
    expect(guess.known).toBeGreaterThan(0.5);
  });
});
