/**
 * The reference table nutrition is computed from: common ingredients with their nutrients per
 * 100 g of edible portion, as published in USDA FoodData Central, "SR Legacy" data set (the final
 * release of the USDA National Nutrient Database for Standard Reference, April 2018). `reference`
 * is the SR Legacy food description each row was taken from. Densities (g per ml) and piece
 * weights come from the household measures of the same foods in that data set.
 *
 * Allergens are the nine major food allergens of US law (FALCPA 2004 and the FASTER Act 2021):
 * milk, egg, fish, shellfish (crustacean), tree nuts, peanuts, wheat, soy, sesame.
 *
 * An ingredient that matches no alias here is reported as unknown; nothing is estimated.
 */
export type Allergen = 'milk' | 'egg' | 'fish' | 'shellfish' | 'tree_nuts' | 'peanuts' | 'wheat' | 'soy' | 'sesame';

export interface ReferenceFood {
  reference: string;
  /** kcal, protein g, fat g, carbohydrate g, fibre g, per 100 g. */
  per100g: { kcal: number; protein: number; fat: number; carbs: number; fiber: number };
  allergens: Allergen[];
  /** Names recipes use for it (matched after normalising plurals and case). */
  aliases: string[];
  /** g per ml, for volume measures. */
  density?: number;
  /** Grams of one unit counted in pieces (`piece` for a whole one, `clove`, `slice`). */
  pieces?: Partial<Record<'piece' | 'clove' | 'slice', number>>;
}

const food = (
  reference: string,
  [kcal, protein, fat, carbs, fiber]: [number, number, number, number, number],
  aliases: string[],
  extra: Partial<Pick<ReferenceFood, 'allergens' | 'density' | 'pieces'>> = {},
): ReferenceFood => ({ reference, per100g: { kcal, protein, fat, carbs, fiber }, aliases, allergens: extra.allergens ?? [], ...extra });

export const INGREDIENT_REFERENCE: readonly ReferenceFood[] = [
  // Dairy and egg products
  food('Egg, whole, raw, fresh', [143, 12.56, 9.51, 0.72, 0], ['egg', 'whole egg', 'large egg', '계란', '달걀'], {
    allergens: ['egg'],
    pieces: { piece: 50 },
  }),
  food('Egg, white, raw, fresh', [52, 10.9, 0.17, 0.73, 0], ['egg white'], { allergens: ['egg'], pieces: { piece: 33 } }),
  food('Egg, yolk, raw, fresh', [322, 15.86, 26.54, 3.59, 0], ['egg yolk'], { allergens: ['egg'], pieces: { piece: 17 } }),
  food('Milk, whole, 3.25% milkfat', [61, 3.15, 3.27, 4.78, 0], ['milk', 'whole milk', '우유'], { allergens: ['milk'], density: 1.03 }),
  food('Butter, salted', [717, 0.85, 81.11, 0.06, 0], ['butter', 'salted butter', '버터'], { allergens: ['milk'], density: 0.96 }),
  food('Butter, without salt', [717, 0.85, 81.11, 0.06, 0], ['unsalted butter'], { allergens: ['milk'], density: 0.96 }),
  food('Cream, fluid, heavy whipping', [340, 2.84, 36.08, 2.74, 0], ['heavy cream', 'whipping cream', 'heavy whipping cream', 'cream'], {
    allergens: ['milk'],
    density: 1.01,
  }),
  food('Cheese, cheddar', [403, 24.9, 33.14, 1.28, 0], ['cheddar', 'cheddar cheese'], { allergens: ['milk'] }),
  food('Cheese, mozzarella, whole milk', [300, 22.17, 22.35, 2.19, 0], ['mozzarella', 'mozzarella cheese'], { allergens: ['milk'] }),
  food('Cheese, parmesan, grated', [420, 28.42, 27.84, 13.91, 0], ['parmesan', 'parmesan cheese', 'parmigiano reggiano'], {
    allergens: ['milk'],
    density: 0.42,
  }),
  food('Cheese, cream', [342, 5.93, 34.24, 5.52, 0], ['cream cheese'], { allergens: ['milk'], density: 0.97 }),
  food('Yogurt, plain, whole milk', [61, 3.47, 3.25, 4.66, 0], ['yogurt', 'plain yogurt', 'yoghurt'], {
    allergens: ['milk'],
    density: 1.03,
  }),
  food('Yogurt, Greek, plain, nonfat', [59, 10.19, 0.39, 3.6, 0], ['greek yogurt'], { allergens: ['milk'], density: 1.06 }),

  // Fats and oils
  food('Oil, olive, salad or cooking', [884, 0, 100, 0, 0], ['olive oil', 'extra virgin olive oil', 'extra-virgin olive oil'], {
    density: 0.92,
  }),
  food('Oil, canola', [884, 0, 100, 0, 0], ['canola oil', 'vegetable oil', 'cooking oil', '식용유'], { density: 0.92 }),
  food('Oil, sesame, salad or cooking', [884, 0, 100, 0, 0], ['sesame oil', '참기름'], { allergens: ['sesame'], density: 0.92 }),
  food('Salad dressing, mayonnaise, regular', [680, 0.96, 74.85, 0.57, 0], ['mayonnaise', 'mayo'], { allergens: ['egg'], density: 0.93 }),

  // Cereal grains and pasta, baked products
  food(
    'Wheat flour, white, all-purpose, enriched, bleached',
    [364, 10.33, 0.98, 76.31, 2.7],
    ['flour', 'all-purpose flour', 'all purpose flour', 'plain flour', '밀가루'],
    {
      allergens: ['wheat'],
      density: 0.53,
    },
  ),
  food(
    'Rice, white, long-grain, regular, raw, enriched',
    [365, 7.13, 0.66, 79.95, 1.3],
    ['rice', 'white rice', 'long grain rice', 'long-grain rice', '쌀'],
    {
      density: 0.78,
    },
  ),
  food(
    'Pasta, dry, enriched',
    [371, 13.04, 1.51, 74.67, 3.2],
    ['pasta', 'spaghetti', 'penne', 'macaroni', 'fettuccine', 'linguine', 'dry pasta'],
    {
      allergens: ['wheat'],
    },
  ),
  food('Oats', [389, 16.89, 6.9, 66.27, 10.6], ['oats', 'rolled oats', 'oatmeal'], { density: 0.34 }),
  food('Bread, white, commercially prepared', [266, 7.64, 3.29, 50.61, 2.4], ['bread', 'white bread'], {
    allergens: ['wheat'],
    pieces: { slice: 25 },
  }),
  food('Bread crumbs, dry, grated, plain', [395, 13.35, 5.3, 71.98, 4.5], ['bread crumbs', 'breadcrumbs', 'panko'], {
    allergens: ['wheat'],
    density: 0.46,
  }),
  food('Cornstarch', [381, 0.26, 0.05, 91.27, 0.9], ['cornstarch', 'corn starch', 'cornflour'], { density: 0.54 }),

  // Sweets
  food('Sugars, granulated', [387, 0, 0, 99.98, 0], ['sugar', 'white sugar', 'granulated sugar', '설탕'], { density: 0.85 }),
  food('Sugars, brown', [380, 0.12, 0, 98.09, 0], ['brown sugar'], { density: 0.93 }),
  food('Honey', [304, 0.3, 0, 82.4, 0.2], ['honey', '꿀'], { density: 1.42 }),

  // Vegetables
  food('Onions, raw', [40, 1.1, 0.1, 9.34, 1.7], ['onion', 'yellow onion', 'white onion', 'brown onion', '양파'], {
    pieces: { piece: 110 },
  }),
  food('Garlic, raw', [149, 6.36, 0.5, 33.06, 2.1], ['garlic', 'garlic clove', '마늘'], { pieces: { clove: 3 } }),
  food('Tomatoes, red, ripe, raw, year round average', [18, 0.88, 0.2, 3.89, 1.2], ['tomato', '토마토'], { pieces: { piece: 123 } }),
  food('Tomato products, canned, paste, without salt added', [82, 4.32, 0.47, 18.91, 4.1], ['tomato paste'], { density: 1.1 }),
  food('Carrots, raw', [41, 0.93, 0.24, 9.58, 2.8], ['carrot', '당근'], { pieces: { piece: 61 } }),
  food('Potatoes, flesh and skin, raw', [77, 2.05, 0.09, 17.49, 2.1], ['potato', '감자'], { pieces: { piece: 213 } }),
  food('Sweet potato, raw, unprepared', [86, 1.57, 0.05, 20.12, 3], ['sweet potato', '고구마'], { pieces: { piece: 130 } }),
  food('Spinach, raw', [23, 2.86, 0.39, 3.63, 2.2], ['spinach', 'baby spinach', '시금치']),
  food('Broccoli, raw', [34, 2.82, 0.37, 6.64, 2.6], ['broccoli', 'broccoli floret', '브로콜리']),
  food('Mushrooms, white, raw', [22, 3.09, 0.34, 3.26, 1], ['mushroom', 'white mushroom', 'button mushroom']),
  food('Mushrooms, shiitake, raw', [34, 2.24, 0.49, 6.79, 2.5], ['shiitake', 'shiitake mushroom', '표고버섯']),
  food('Squash, summer, zucchini, includes skin, raw', [17, 1.21, 0.32, 3.11, 1], ['zucchini', 'courgette'], { pieces: { piece: 196 } }),
  food('Peppers, sweet, red, raw', [31, 0.99, 0.3, 6.03, 2.1], ['red bell pepper', 'bell pepper', 'red capsicum'], {
    pieces: { piece: 119 },
  }),
  food('Peppers, sweet, green, raw', [20, 0.86, 0.17, 4.64, 1.7], ['green bell pepper', 'green pepper', 'green capsicum'], {
    pieces: { piece: 119 },
  }),
  food('Peppers, hot chili, red, raw', [40, 1.87, 0.44, 8.81, 1.5], ['red chili', 'chili pepper', 'red chili pepper', 'chilli'], {
    pieces: { piece: 45 },
  }),
  food('Cabbage, raw', [25, 1.28, 0.1, 5.8, 2.5], ['cabbage', '양배추']),
  food('Cabbage, chinese (pe-tsai), raw', [16, 1.2, 0.2, 3.23, 1.2], ['napa cabbage', 'chinese cabbage', '배추']),
  food('Cabbage, kimchi', [15, 1.1, 0.5, 2.4, 1.6], ['kimchi', '김치']),
  food(
    'Onions, spring or scallions (includes tops and bulb), raw',
    [32, 1.83, 0.19, 7.34, 2.6],
    ['green onion', 'scallion', 'spring onion', '쪽파'],
    {
      pieces: { piece: 15 },
    },
  ),
  food('Ginger root, raw', [80, 1.82, 0.75, 17.77, 2], ['ginger', 'ginger root', 'fresh ginger', '생강']),
  food('Cucumber, with peel, raw', [15, 0.65, 0.11, 3.63, 0.5], ['cucumber', '오이'], { pieces: { piece: 301 } }),
  food('Radishes, oriental, raw', [18, 0.6, 0.1, 4.1, 1.6], ['daikon', 'korean radish', 'white radish', '무']),
  food('Mung beans, mature seeds, sprouted, raw', [30, 3.04, 0.18, 5.94, 1.8], ['bean sprout', 'mung bean sprout', '숙주']),
  food('Lettuce, green leaf, raw', [15, 1.36, 0.15, 2.87, 1.3], ['lettuce', 'green leaf lettuce', '상추']),
  food('Corn, sweet, yellow, raw', [86, 3.27, 1.35, 18.7, 2], ['corn', 'sweet corn', 'corn kernel'], { pieces: { piece: 102 } }),
  food('Peas, green, raw', [81, 5.42, 0.4, 14.45, 5.7], ['pea', 'green pea']),
  food('Eggplant, raw', [25, 0.98, 0.18, 5.88, 3], ['eggplant', 'aubergine', '가지']),
  food('Asparagus, raw', [20, 2.2, 0.12, 3.88, 2.1], ['asparagus']),
  food('Cauliflower, raw', [25, 1.92, 0.28, 4.97, 2], ['cauliflower']),
  food('Celery, raw', [14, 0.69, 0.17, 2.97, 1.6], ['celery', 'celery stalk']),
  food('Avocados, raw, all commercial varieties', [160, 2, 14.66, 8.53, 6.7], ['avocado'], { pieces: { piece: 201 } }),

  // Fruits
  food('Apples, raw, with skin', [52, 0.26, 0.17, 13.81, 2.4], ['apple', '사과'], { pieces: { piece: 182 } }),
  food('Bananas, raw', [89, 1.09, 0.33, 22.84, 2.6], ['banana', '바나나'], { pieces: { piece: 118 } }),
  food('Lemons, raw, without peel', [29, 1.1, 0.3, 9.32, 2.8], ['lemon'], { pieces: { piece: 58 } }),
  food('Lemon juice, raw', [22, 0.35, 0.24, 6.9, 0.3], ['lemon juice'], { density: 1.03 }),

  // Herbs, spices, condiments
  food('Basil, fresh', [23, 3.15, 0.64, 2.65, 1.6], ['basil', 'basil leaf', 'fresh basil']),
  food('Parsley, fresh', [36, 2.97, 0.79, 6.33, 3.3], ['parsley', 'flat-leaf parsley', 'flat leaf parsley']),
  food('Spices, pepper, black', [251, 10.39, 3.26, 63.95, 25.3], ['black pepper', 'ground black pepper', '후추'], { density: 0.47 }),
  food('Spices, cinnamon, ground', [247, 3.99, 1.24, 80.59, 53.1], ['cinnamon', 'ground cinnamon'], { density: 0.56 }),
  food('Salt, table', [0, 0, 0, 0, 0], ['salt', 'table salt', 'sea salt', '소금'], { density: 1.22 }),
  food('Soy sauce made from soy and wheat (shoyu)', [53, 8.14, 0.57, 4.93, 0.8], ['soy sauce', '간장'], {
    allergens: ['soy', 'wheat'],
    density: 1.08,
  }),
  food('Vinegar, distilled', [18, 0, 0, 0.04, 0], ['vinegar', 'white vinegar', 'distilled vinegar'], { density: 1.01 }),
  food('Vanilla extract', [288, 0.06, 0.06, 12.65, 0], ['vanilla extract', 'vanilla'], { density: 0.88 }),
  food("Leavening agents, yeast, baker's, active dry", [325, 40.44, 7.61, 41.22, 26.9], ['yeast', 'dry yeast', 'active dry yeast'], {
    density: 0.6,
  }),
  food('Beverages, water, tap, drinking', [0, 0, 0, 0, 0], ['water', '물'], { density: 1 }),

  // Meat, poultry, fish
  food(
    'Chicken, broilers or fryers, breast, meat only, raw',
    [120, 22.5, 2.62, 0, 0],
    ['chicken breast', 'chicken breast fillet', '닭가슴살'],
  ),
  food('Chicken, broilers or fryers, meat and skin, raw', [215, 18.6, 15.06, 0, 0], ['whole chicken']),
  food('Beef, ground, 80% lean meat / 20% fat, raw', [254, 17.17, 20, 0, 0], ['ground beef', 'minced beef', 'beef mince']),
  food('Pork, fresh, ground, raw', [263, 16.88, 21.19, 0, 0], ['ground pork', 'minced pork', 'pork mince']),
  food('Pork, fresh, belly, raw', [518, 9.34, 53.01, 0, 0], ['pork belly', '삼겹살']),
  food('Fish, salmon, Atlantic, farmed, raw', [208, 20.42, 13.42, 0, 0], ['salmon', 'salmon fillet', '연어'], { allergens: ['fish'] }),
  food('Fish, tuna, light, canned in water, drained solids', [116, 25.51, 0.82, 0, 0], ['canned tuna', 'tuna'], { allergens: ['fish'] }),
  food('Crustaceans, shrimp, raw', [85, 20.1, 0.51, 0, 0], ['shrimp', 'prawn', '새우'], { allergens: ['shellfish'] }),

  // Legumes, nuts, seeds
  food('Tofu, raw, firm, prepared with calcium sulfate', [144, 17.27, 8.72, 2.78, 2.3], ['firm tofu'], { allergens: ['soy'] }),
  food('Tofu, raw, regular, prepared with calcium sulfate', [76, 8.08, 4.78, 1.88, 0.3], ['tofu', 'soft tofu', '두부'], {
    allergens: ['soy'],
  }),
  food('Peanuts, all types, raw', [567, 25.8, 49.24, 16.13, 8.5], ['peanut', '땅콩'], { allergens: ['peanuts'] }),
  food('Peanut butter, smooth style, without salt', [588, 25.09, 50.39, 19.56, 6], ['peanut butter'], {
    allergens: ['peanuts'],
    density: 1.07,
  }),
  food('Nuts, almonds', [579, 21.15, 49.93, 21.55, 12.5], ['almond'], { allergens: ['tree_nuts'] }),
  food('Nuts, walnuts, english', [654, 15.23, 65.21, 13.71, 6.7], ['walnut'], { allergens: ['tree_nuts'] }),
  food('Seeds, sesame seeds, whole, dried', [573, 17.73, 49.67, 23.45, 11.8], ['sesame seed', 'sesame', '깨', '참깨'], {
    allergens: ['sesame'],
    density: 0.6,
  }),
];

/** Where the figures come from, as the nutrition answer names it. */
export const NUTRITION_SOURCE = 'USDA FoodData Central, SR Legacy (April 2018): nutrients per 100 g of the listed reference foods';
