import type { CanonicalField } from '../canonical.js';

/**
 * Words suppliers write for the values of feedkit's enumerated fields, in Danish, German,
 * English and Swedish, by the canonical value they stand for. `feedkit init` proposes a
 * `map` entry for each value it sees that is listed here (`Ny: new`, `Herre: male`); matching
 * ignores case and surrounding blanks. Ordinary vocabulary of the four languages, plus the
 * spellings of Google's and Meta's own feeds (`in stock`).
 */
export const VALUE_NAMES: Partial<Record<CanonicalField, Record<string, readonly string[]>>> = {
  condition: {
    new: ['ny', 'nyt', 'nye', 'neu', 'neuware', 'new', 'brand new', 'ny vare', 'oanvänd'],
    used: ['brugt', 'gebraucht', 'used', 'begagnad', 'second hand', 'secondhand', 'pre-owned'],
    refurbished: [
      'refurbished',
      'renoveret',
      'istandsat',
      'generalüberholt',
      'aufbereitet',
      'renoverad',
      'certified refurbished',
    ],
  },
  gender: {
    male: [
      'herre',
      'herrer',
      'mand',
      'mænd',
      'dreng',
      'herren',
      'mann',
      'männer',
      'junge',
      'herr',
      'man',
      'män',
      'pojke',
      'male',
      'men',
      'mens',
      "men's",
      'boy',
      'boys',
    ],
    female: [
      'dame',
      'damer',
      'kvinde',
      'kvinder',
      'pige',
      'damen',
      'frau',
      'frauen',
      'mädchen',
      'dam',
      'kvinna',
      'kvinnor',
      'flicka',
      'female',
      'women',
      'womens',
      "women's",
      'woman',
      'girl',
      'girls',
      'ladies',
    ],
    unisex: ['unisex', 'begge', 'beide', 'båda', 'alle', 'all'],
  },
  age_group: {
    adult: ['voksen', 'voksne', 'erwachsene', 'erwachsener', 'vuxen', 'vuxna', 'adult', 'adults'],
    kids: ['børn', 'barn', 'kinder', 'kind', 'barn', 'kids', 'children', 'child', 'junior'],
    toddler: ['småbørn', 'kleinkind', 'kleinkinder', 'småbarn', 'toddler', 'toddlers'],
    infant: ['spædbarn', 'säugling', 'spädbarn', 'infant', 'infants'],
    newborn: ['nyfødt', 'neugeboren', 'neugeborene', 'nyfödd', 'newborn'],
  },
  availability: {
    in_stock: [
      'på lager',
      'lagervare',
      'auf lager',
      'lieferbar',
      'vorrätig',
      'verfügbar',
      'i lager',
      'finns i lager',
      'in stock',
      'instock',
      'in_stock',
      'available',
      'ja',
      'yes',
      'true',
      '1',
    ],
    out_of_stock: [
      'ikke på lager',
      'udsolgt',
      'ikke på lager',
      'nicht auf lager',
      'nicht lieferbar',
      'ausverkauft',
      'slut i lager',
      'slutsåld',
      'ej i lager',
      'out of stock',
      'outofstock',
      'out_of_stock',
      'sold out',
      'nej',
      'nein',
      'no',
      'false',
      '0',
    ],
    preorder: [
      'forudbestilling',
      'forudbestil',
      'vorbestellung',
      'vorbestellbar',
      'förbeställning',
      'förhandsbokning',
      'preorder',
      'pre-order',
      'pre order',
    ],
    backorder: [
      'restordre',
      'i restordre',
      'bestillingsvare',
      'nachbestellung',
      'bestellartikel',
      'restorder',
      'beställningsvara',
      'backorder',
      'on backorder',
      'available for order',
    ],
  },
};

/** Canonical value of `field` that `value` stands for, if it is a listed word. */
export function canonicalValue(field: CanonicalField, value: string): string | undefined {
  const table = VALUE_NAMES[field];
  if (table === undefined) return undefined;
  const folded = value.trim().toLowerCase();
  for (const [canonical, words] of Object.entries(table)) if (words.includes(folded)) return canonical;
  return undefined;
}
