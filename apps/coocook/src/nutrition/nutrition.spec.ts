import { exactKey, ingredientKey, unitKey } from './ingredient-names';
import { INGREDIENT_REFERENCE } from './ingredient-reference';
import { computeNutrition, findReferenceFood } from './nutrition';

describe('nutrition from the reference table', () => {
  it('gives every alias to one food only', () => {
    const seen = new Map<string, string>();
    for (const food of INGREDIENT_REFERENCE) {
      for (const alias of food.aliases) {
        for (const key of new Set([exactKey(alias), ingredientKey(alias)])) {
          const other = seen.get(key);
          expect({ key, food: other ?? food.reference }).toEqual({ key, food: food.reference });
          seen.set(key, food.reference);
        }
      }
    }
  });

  it('normalises names and units: plurals, case, cutting words, unit spellings', () => {
    expect(ingredientKey('Chopped Onions')).toBe('onion');
    expect(ingredientKey('Tomatoes (ripe)')).toBe('tomato');
    expect(ingredientKey('boneless, skinless chicken breasts')).toBe('chicken breast');
    expect(unitKey('Tablespoons')).toBe('tbsp');
    expect(unitKey('큰술')).toBe('tbsp');
    expect(unitKey(null)).toBe('');
    expect(findReferenceFood('Extra Virgin Olive Oil')?.reference).toBe('Oil, olive, salad or cooking');
    expect(findReferenceFood('eggs')?.reference).toBe('Egg, whole, raw, fresh');
  });

  it('adds up the known ingredients by weight, volume and piece', () => {
    const view = computeNutrition(
      'r',
      [
        { name: 'spaghetti', quantity: 200, unit: 'g' },
        { name: 'eggs', quantity: 2, unit: null },
        { name: 'olive oil', quantity: 1, unit: 'tbsp' },
        { name: 'garlic', quantity: 2, unit: 'cloves' },
      ],
      2,
    );
    // 200 g pasta (742 kcal) + 100 g egg (143) + 13.6 g oil (120.3) + 6 g garlic (8.9) = 1014.2 kcal
    expect(view.calories).toBe(1014);
    expect(view.per_serving.calories).toBe(507);
    expect(view.protein_g).toBeCloseTo(26.08 + 12.56 + 0.38, 1);
    expect(view.allergens).toEqual(['egg', 'wheat']);
    expect(view.complete).toBe(true);
    expect(view.matched_ingredients.map((m) => m.grams)).toEqual([200, 100, 13.6, 6]);
  });

  it('lists what it cannot count as unknown, with the reason, and never estimates it', () => {
    const view = computeNutrition(
      'r',
      [
        { name: 'gochujang', quantity: 2, unit: 'tbsp' },
        { name: 'salt', quantity: null, unit: null },
        { name: 'basil', quantity: 1, unit: 'bunch' },
        { name: 'butter', quantity: 10, unit: 'g' },
      ],
      1,
    );
    expect(view.unknown_ingredients).toEqual([
      { name: 'gochujang', quantity: 2, unit: 'tbsp', reason: 'not_in_reference' },
      { name: 'salt', quantity: null, unit: null, reason: 'no_quantity' },
      { name: 'basil', quantity: 1, unit: 'bunch', reason: 'unconvertible_unit' },
    ]);
    expect(view.calories).toBe(72);
    expect(view.allergens).toEqual(['milk']);
    expect(view.complete).toBe(false);
  });
});
