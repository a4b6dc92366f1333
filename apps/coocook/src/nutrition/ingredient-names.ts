/** Words that describe how an ingredient is cut or chosen, not what it is. */
const DESCRIPTORS = new Set([
  'chopped',
  'diced',
  'minced',
  'sliced',
  'grated',
  'shredded',
  'crushed',
  'cubed',
  'halved',
  'quartered',
  'julienned',
  'fresh',
  'freshly',
  'large',
  'medium',
  'small',
  'finely',
  'roughly',
  'thinly',
  'coarsely',
  'peeled',
  'boneless',
  'skinless',
  'organic',
  'raw',
  'ripe',
  'uncooked',
  'softened',
  'melted',
  'cold',
  'warm',
  'beaten',
  'rinsed',
  'drained',
  'trimmed',
  'optional',
  'to',
  'taste',
  'for',
  'garnish',
  'and',
  'or',
  'of',
]);

function singular(word: string): string {
  if (!/^[a-z]+$/.test(word) || word.length <= 3) return word;
  if (word.endsWith('oes')) return word.slice(0, -2);
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (/(ss|us|is)$/.test(word)) return word;
  if (word.endsWith('s')) return word.slice(0, -1);
  return word;
}

/** The words of a name: lower case, no punctuation or parenthesised notes, singular. */
function words(name: string): string[] {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\([^)]*\)/g, ' ')
    .replace(/[^\p{L}\p{N}\s-]+/gu, ' ')
    .split(/[\s-]+/)
    .filter(Boolean)
    .map(singular);
}

/**
 * The key that says two ingredient names are the same ingredient: `Chopped Onions` and `onion`
 * both become `onion`. Descriptive words are dropped unless nothing else is left.
 */
export function ingredientKey(name: string): string {
  const all = words(name);
  const kept = all.filter((w) => !DESCRIPTORS.has(w));
  return (kept.length ? kept : all).join(' ').slice(0, 100);
}

/** The same name with only its form normalised (descriptors kept), to look up exact aliases first. */
export function exactKey(name: string): string {
  return words(name).join(' ').slice(0, 100);
}

/** Canonical unit names; a unit not listed here is kept lower-cased as given. */
const UNIT_ALIASES: Record<string, string> = {
  g: 'g',
  gr: 'g',
  gram: 'g',
  grams: 'g',
  그램: 'g',
  kg: 'kg',
  kilogram: 'kg',
  kilograms: 'kg',
  mg: 'mg',
  milligram: 'mg',
  milligrams: 'mg',
  oz: 'oz',
  ounce: 'oz',
  ounces: 'oz',
  lb: 'lb',
  lbs: 'lb',
  pound: 'lb',
  pounds: 'lb',
  ml: 'ml',
  milliliter: 'ml',
  milliliters: 'ml',
  millilitre: 'ml',
  millilitres: 'ml',
  l: 'l',
  liter: 'l',
  liters: 'l',
  litre: 'l',
  litres: 'l',
  tsp: 'tsp',
  teaspoon: 'tsp',
  teaspoons: 'tsp',
  작은술: 'tsp',
  tbsp: 'tbsp',
  tbs: 'tbsp',
  tablespoon: 'tbsp',
  tablespoons: 'tbsp',
  큰술: 'tbsp',
  cup: 'cup',
  cups: 'cup',
  컵: 'cup_kr',
  'fl oz': 'fl oz',
  floz: 'fl oz',
  'fluid ounce': 'fl oz',
  'fluid ounces': 'fl oz',
  piece: 'piece',
  pieces: 'piece',
  pc: 'piece',
  pcs: 'piece',
  whole: 'piece',
  each: 'piece',
  ea: 'piece',
  item: 'piece',
  items: 'piece',
  개: 'piece',
  clove: 'clove',
  cloves: 'clove',
  slice: 'slice',
  slices: 'slice',
  pinch: 'pinch',
  pinches: 'pinch',
};

/** The canonical unit (`tablespoons` → `tbsp`); no unit at all is `''`. */
export function unitKey(unit: string | null | undefined): string {
  const key = (unit ?? '').normalize('NFKC').trim().toLowerCase().replace(/\.$/, '');
  return UNIT_ALIASES[key] ?? key.slice(0, 20);
}

/** Grams in one of each mass unit. */
export const GRAMS_PER_UNIT: Record<string, number> = { g: 1, kg: 1000, mg: 0.001, oz: 28.3495, lb: 453.592 };

/** Millilitres in one of each volume unit (US customary; `cup_kr` is the 200 ml Korean cup). */
export const ML_PER_UNIT: Record<string, number> = {
  ml: 1,
  l: 1000,
  tsp: 4.92892,
  tbsp: 14.7868,
  cup: 236.588,
  cup_kr: 200,
  'fl oz': 29.5735,
};
