import type { RecipeDifficulty } from '@sf/contracts';
import type { StoredIngredient } from '../recipes/recipe.entity';

/**
 * The demo data set loaded at start in demo mode: chefs to browse and recipes to search. The
 * chefs' user ids name no real account (nobody can sign in as them); ids are fixed, so loading
 * twice changes nothing.
 */
export interface DemoChef {
  id: string;
  userId: string;
  name: string;
  bio: string;
  cuisine: string;
  location: string;
  hourlyRateKrw: number;
}

export interface DemoRecipe {
  id: string;
  chefIndex: number;
  title: string;
  description: string;
  category: string;
  cuisine: string;
  difficulty: RecipeDifficulty;
  prepTimeMins: number;
  cookTimeMins: number;
  servings: number;
  tags: string[];
  ingredients: StoredIngredient[];
  instructions: string[];
}

const chefId = (n: number) => `c0c0c0c0-0000-4000-8000-${String(n).padStart(12, '0')}`;
const userId = (n: number) => `c0c0c0c0-0000-4000-9000-${String(n).padStart(12, '0')}`;
const recipeId = (n: number) => `c0c0c0c0-0000-4000-a000-${String(n).padStart(12, '0')}`;
const i = (name: string, quantity: number | null, unit: string | null): StoredIngredient => ({ name, quantity, unit });

export const DEMO_CHEFS: DemoChef[] = [
  ['Marco Rossi', 'Hand-made pasta and Roman classics, cooked in your kitchen.', 'Italian', 'Seoul', 80_000],
  ['Giulia Bianchi', 'Northern Italian risotto and seasonal antipasti.', 'Italian', 'Busan', 70_000],
  ['Kim Min-jun', 'Korean home cooking: stews, banchan and barbecue.', 'Korean', 'Seoul', 60_000],
  ['Park Seo-yeon', 'Temple food and modern Korean vegetarian menus.', 'Korean', 'Incheon', 65_000],
  ['Sato Haruki', 'Omakase-style sushi and Japanese small plates.', 'Japanese', 'Seoul', 120_000],
  ['Claire Dubois', 'French bistro dinners and pastry classes.', 'French', 'Seoul', 95_000],
  ['Ana Garcia', 'Tapas evenings and paella for groups.', 'Spanish', 'Daegu', 75_000],
  ['Li Wei', 'Sichuan and Cantonese family banquets.', 'Chinese', 'Seoul', 70_000],
].map(([name, bio, cuisine, location, rate], n) => ({
  id: chefId(n + 1),
  userId: userId(n + 1),
  name: name as string,
  bio: bio as string,
  cuisine: cuisine as string,
  location: location as string,
  hourlyRateKrw: rate as number,
}));

export const DEMO_RECIPES: DemoRecipe[] = [
  {
    id: recipeId(1),
    chefIndex: 0,
    title: 'Spaghetti Carbonara',
    description: 'Roman carbonara with eggs, parmesan and black pepper; no cream.',
    category: 'Main',
    cuisine: 'Italian',
    difficulty: 'medium',
    prepTimeMins: 10,
    cookTimeMins: 15,
    servings: 2,
    tags: ['pasta', 'quick'],
    ingredients: [
      i('spaghetti', 200, 'g'),
      i('eggs', 2, null),
      i('parmesan', 40, 'g'),
      i('pork belly', 80, 'g'),
      i('black pepper', 1, 'tsp'),
    ],
    instructions: [
      'Boil the spaghetti.',
      'Crisp the pork belly.',
      'Whisk eggs and parmesan.',
      'Toss everything off the heat with pasta water.',
    ],
  },
  {
    id: recipeId(2),
    chefIndex: 0,
    title: 'Tomato Basil Bruschetta',
    description: 'Toasted bread topped with ripe tomatoes, garlic, basil and olive oil.',
    category: 'Appetizer',
    cuisine: 'Italian',
    difficulty: 'easy',
    prepTimeMins: 15,
    cookTimeMins: 5,
    servings: 4,
    tags: ['vegetarian', 'quick'],
    ingredients: [
      i('bread', 4, 'slice'),
      i('tomatoes', 3, null),
      i('garlic', 1, 'clove'),
      i('basil', 10, 'g'),
      i('olive oil', 2, 'tbsp'),
      i('salt', null, null),
    ],
    instructions: ['Dice the tomatoes and mix with basil, oil and salt.', 'Toast the bread and rub with garlic.', 'Top and serve.'],
  },
  {
    id: recipeId(3),
    chefIndex: 1,
    title: 'Mushroom Risotto',
    description: 'Creamy risotto with white mushrooms, butter and parmesan.',
    category: 'Main',
    cuisine: 'Italian',
    difficulty: 'medium',
    prepTimeMins: 10,
    cookTimeMins: 30,
    servings: 4,
    tags: ['vegetarian', 'comfort'],
    ingredients: [
      i('rice', 300, 'g'),
      i('mushrooms', 250, 'g'),
      i('onion', 1, null),
      i('butter', 30, 'g'),
      i('parmesan', 50, 'g'),
      i('water', 1, 'l'),
    ],
    instructions: [
      'Sweat the onion in butter.',
      'Toast the rice, then add water ladle by ladle.',
      'Fold in the sautéed mushrooms and parmesan.',
    ],
  },
  {
    id: recipeId(4),
    chefIndex: 2,
    title: 'Kimchi Fried Rice',
    description: 'Fried rice with aged kimchi, pork belly and a fried egg on top.',
    category: 'Main',
    cuisine: 'Korean',
    difficulty: 'easy',
    prepTimeMins: 10,
    cookTimeMins: 10,
    servings: 2,
    tags: ['quick', 'spicy'],
    ingredients: [
      i('rice', 200, 'g'),
      i('kimchi', 150, 'g'),
      i('pork belly', 100, 'g'),
      i('eggs', 2, null),
      i('sesame oil', 1, 'tbsp'),
      i('green onion', 2, null),
      i('gochujang', 1, 'tbsp'),
    ],
    instructions: [
      'Fry the pork belly, add kimchi.',
      'Add the rice and gochujang, fry until crisp.',
      'Finish with sesame oil and top with fried eggs.',
    ],
  },
  {
    id: recipeId(5),
    chefIndex: 2,
    title: 'Doenjang Jjigae',
    description: 'Soybean paste stew with tofu, zucchini and mushrooms.',
    category: 'Soup',
    cuisine: 'Korean',
    difficulty: 'easy',
    prepTimeMins: 10,
    cookTimeMins: 20,
    servings: 3,
    tags: ['stew', 'comfort'],
    ingredients: [
      i('tofu', 300, 'g'),
      i('zucchini', 1, null),
      i('mushrooms', 100, 'g'),
      i('onion', 1, null),
      i('doenjang', 2, 'tbsp'),
      i('water', 600, 'ml'),
    ],
    instructions: ['Dissolve doenjang in water.', 'Add vegetables and simmer.', 'Add tofu and simmer five more minutes.'],
  },
  {
    id: recipeId(6),
    chefIndex: 3,
    title: 'Spinach Namul',
    description: 'Blanched spinach seasoned with garlic, sesame oil and sesame seeds.',
    category: 'Side',
    cuisine: 'Korean',
    difficulty: 'easy',
    prepTimeMins: 5,
    cookTimeMins: 2,
    servings: 4,
    tags: ['vegetarian', 'banchan'],
    ingredients: [
      i('spinach', 300, 'g'),
      i('garlic', 2, 'cloves'),
      i('sesame oil', 1, 'tbsp'),
      i('sesame seeds', 1, 'tbsp'),
      i('soy sauce', 1, 'tsp'),
    ],
    instructions: ['Blanch the spinach and squeeze it dry.', 'Season with the rest and toss.'],
  },
  {
    id: recipeId(7),
    chefIndex: 4,
    title: 'Salmon Teriyaki',
    description: 'Pan-seared salmon glazed with soy sauce, honey and ginger.',
    category: 'Main',
    cuisine: 'Japanese',
    difficulty: 'easy',
    prepTimeMins: 10,
    cookTimeMins: 12,
    servings: 2,
    tags: ['fish', 'quick'],
    ingredients: [
      i('salmon fillet', 300, 'g'),
      i('soy sauce', 3, 'tbsp'),
      i('honey', 1, 'tbsp'),
      i('ginger', 10, 'g'),
      i('rice', 150, 'g'),
    ],
    instructions: ['Sear the salmon skin side down.', 'Add soy sauce, honey and ginger and glaze.', 'Serve over rice.'],
  },
  {
    id: recipeId(8),
    chefIndex: 5,
    title: 'French Onion Soup',
    description: 'Slow-caramelised onions in broth under bread and melted cheese.',
    category: 'Soup',
    cuisine: 'French',
    difficulty: 'medium',
    prepTimeMins: 15,
    cookTimeMins: 60,
    servings: 4,
    tags: ['comfort'],
    ingredients: [i('onions', 4, null), i('butter', 40, 'g'), i('water', 1, 'l'), i('bread', 4, 'slice'), i('mozzarella', 120, 'g')],
    instructions: ['Caramelise the onions in butter for 45 minutes.', 'Add water and simmer.', 'Top with bread and cheese and grill.'],
  },
  {
    id: recipeId(9),
    chefIndex: 6,
    title: 'Garlic Shrimp (Gambas al Ajillo)',
    description: 'Shrimp sizzled in olive oil with garlic and chili.',
    category: 'Appetizer',
    cuisine: 'Spanish',
    difficulty: 'easy',
    prepTimeMins: 10,
    cookTimeMins: 8,
    servings: 4,
    tags: ['seafood', 'tapas'],
    ingredients: [
      i('shrimp', 400, 'g'),
      i('garlic', 6, 'cloves'),
      i('olive oil', 100, 'ml'),
      i('red chili', 1, null),
      i('parsley', 5, 'g'),
    ],
    instructions: ['Warm the oil with garlic and chili.', 'Add the shrimp and cook until pink.', 'Finish with parsley.'],
  },
  {
    id: recipeId(10),
    chefIndex: 7,
    title: 'Mapo Tofu',
    description: 'Silken tofu in a spicy, numbing sauce with minced pork.',
    category: 'Main',
    cuisine: 'Chinese',
    difficulty: 'medium',
    prepTimeMins: 10,
    cookTimeMins: 15,
    servings: 3,
    tags: ['spicy'],
    ingredients: [
      i('tofu', 400, 'g'),
      i('ground pork', 150, 'g'),
      i('garlic', 3, 'cloves'),
      i('ginger', 10, 'g'),
      i('soy sauce', 1, 'tbsp'),
      i('doubanjiang', 2, 'tbsp'),
    ],
    instructions: ['Brown the pork.', 'Add garlic, ginger and doubanjiang.', 'Simmer the tofu in the sauce.'],
  },
  {
    id: recipeId(11),
    chefIndex: 1,
    title: 'Caprese Salad',
    description: 'Tomatoes, mozzarella and basil with olive oil.',
    category: 'Salad',
    cuisine: 'Italian',
    difficulty: 'easy',
    prepTimeMins: 10,
    cookTimeMins: 0,
    servings: 2,
    tags: ['vegetarian', 'no-cook'],
    ingredients: [i('tomatoes', 2, null), i('mozzarella', 125, 'g'), i('basil', 5, 'g'), i('olive oil', 1, 'tbsp'), i('salt', null, null)],
    instructions: ['Slice tomatoes and mozzarella.', 'Layer with basil, dress with oil and salt.'],
  },
  {
    id: recipeId(12),
    chefIndex: 5,
    title: 'Crepes',
    description: 'Thin French pancakes with butter and sugar.',
    category: 'Dessert',
    cuisine: 'French',
    difficulty: 'easy',
    prepTimeMins: 10,
    cookTimeMins: 20,
    servings: 4,
    tags: ['sweet', 'vegetarian'],
    ingredients: [i('flour', 125, 'g'), i('eggs', 2, null), i('milk', 300, 'ml'), i('butter', 20, 'g'), i('sugar', 2, 'tbsp')],
    instructions: ['Whisk flour, eggs and milk into a thin batter.', 'Cook thin crepes in a buttered pan.', 'Serve with sugar.'],
  },
];
