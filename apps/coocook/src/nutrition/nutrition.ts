import type { NutritionView, UnknownIngredientView } from '@sf/contracts';
import { round } from '../shared/numeric';
import { exactKey, GRAMS_PER_UNIT, ingredientKey, ML_PER_UNIT, unitKey } from './ingredient-names';
import { Allergen, INGREDIENT_REFERENCE, NUTRITION_SOURCE, ReferenceFood } from './ingredient-reference';

export interface IngredientLine {
  name: string;
  quantity: number | null;
  unit: string | null;
}

function buildIndex(keyOf: (name: string) => string): Map<string, ReferenceFood> {
  const index = new Map<string, ReferenceFood>();
  for (const entry of INGREDIENT_REFERENCE) for (const alias of entry.aliases) index.set(keyOf(alias), entry);
  return index;
}
const BY_EXACT_NAME = buildIndex(exactKey);
const BY_KEY = buildIndex(ingredientKey);

/** The reference food an ingredient name stands for, or undefined (then it is unknown, never guessed). */
export function findReferenceFood(name: string): ReferenceFood | undefined {
  return BY_EXACT_NAME.get(exactKey(name)) ?? BY_KEY.get(ingredientKey(name));
}

/** Grams of `quantity unit` of `food`, or null when that unit has no weight for it. */
export function gramsOf(food: ReferenceFood, quantity: number, unit: string | null): number | null {
  const key = unitKey(unit);
  if (key in GRAMS_PER_UNIT) return quantity * GRAMS_PER_UNIT[key];
  if (key in ML_PER_UNIT) return food.density ? quantity * ML_PER_UNIT[key] * food.density : null;
  const pieces = food.pieces ?? {};
  if (key === '' || key === 'piece') {
    const each = pieces.piece ?? pieces.clove;
    return each ? quantity * each : null;
  }
  if (key === 'clove' || key === 'slice') return pieces[key] ? quantity * (pieces[key] as number) : null;
  return null;
}

/**
 * Nutrition of a recipe from its ingredient lines against the reference table. Lines that cannot
 * be counted (unknown food, no quantity, a unit without a weight for that food) are listed with
 * the reason and left out of the totals; `complete` says whether any were.
 */
export function computeNutrition(recipeId: string, lines: IngredientLine[], servings: number): NutritionView {
  const totals = { kcal: 0, protein: 0, fat: 0, carbs: 0, fiber: 0 };
  const allergens = new Set<Allergen>();
  const matched: NutritionView['matched_ingredients'] = [];
  const unknown: UnknownIngredientView[] = [];
  for (const line of lines) {
    const food = findReferenceFood(line.name);
    const unresolved = (reason: UnknownIngredientView['reason']) =>
      unknown.push({ name: line.name, quantity: line.quantity, unit: line.unit, reason });
    if (!food) {
      unresolved('not_in_reference');
      continue;
    }
    // A known food carries its allergens even when its amount cannot be weighed.
    for (const allergen of food.allergens) allergens.add(allergen);
    if (line.quantity === null || line.quantity === undefined) {
      unresolved('no_quantity');
      continue;
    }
    const grams = gramsOf(food, line.quantity, line.unit);
    if (grams === null) {
      unresolved('unconvertible_unit');
      continue;
    }
    const factor = grams / 100;
    totals.kcal += food.per100g.kcal * factor;
    totals.protein += food.per100g.protein * factor;
    totals.fat += food.per100g.fat * factor;
    totals.carbs += food.per100g.carbs * factor;
    totals.fiber += food.per100g.fiber * factor;
    matched.push({ name: line.name, reference: food.reference, grams: round(grams, 1) });
  }
  const per = Math.max(1, servings);
  return {
    recipe_id: recipeId,
    servings: per,
    calories: round(totals.kcal, 0),
    protein_g: round(totals.protein, 1),
    carbs_g: round(totals.carbs, 1),
    fat_g: round(totals.fat, 1),
    fiber_g: round(totals.fiber, 1),
    per_serving: {
      calories: round(totals.kcal / per, 0),
      protein_g: round(totals.protein / per, 1),
      carbs_g: round(totals.carbs / per, 1),
      fat_g: round(totals.fat / per, 1),
      fiber_g: round(totals.fiber / per, 1),
    },
    allergens: [...allergens].sort(),
    matched_ingredients: matched,
    unknown_ingredients: unknown,
    complete: unknown.length === 0,
    source: NUTRITION_SOURCE,
  };
}
