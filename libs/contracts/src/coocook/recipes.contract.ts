import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { endpoint } from '../common/endpoint';
import { IdParams } from '../common/id-params';
import { ListMeta, PageQuery, sortValues } from '../common/pagination';
import { Trim } from '../common/trim';
import { IsImageRef } from './coocook-fields';

export const RECIPE_DIFFICULTIES = ['easy', 'medium', 'hard'] as const;
export type RecipeDifficulty = (typeof RECIPE_DIFFICULTIES)[number];
export const RECIPE_STATUSES = ['draft', 'published'] as const;
export type RecipeStatus = (typeof RECIPE_STATUSES)[number];

export class RecipeIngredientDto {
  @Trim() @IsString() @Length(1, 100) name: string;
  /** Absent for "to taste" ingredients. */
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(100_000) quantity?: number | null;
  @IsOptional() @Trim() @IsString() @MaxLength(20) unit?: string | null;
}

export class CreateRecipeDto {
  @Trim() @IsString() @Length(1, 200) title: string;
  @IsOptional() @IsString() @MaxLength(5000) description?: string;
  @ArrayMinSize(1) @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => RecipeIngredientDto) ingredients: RecipeIngredientDto[];
  @ArrayMaxSize(100) @IsString({ each: true }) @MaxLength(4000, { each: true }) instructions: string[];
  @IsOptional() @Trim() @IsString() @Length(1, 50) category?: string;
  @IsOptional() @Trim() @IsString() @Length(1, 50) cuisine?: string;
  @IsOptional() @IsIn(RECIPE_DIFFICULTIES) difficulty?: RecipeDifficulty;
  @IsOptional() @IsInt() @Min(0) @Max(1440) prep_time_mins?: number;
  @IsOptional() @IsInt() @Min(0) @Max(4320) cook_time_mins?: number;
  @IsOptional() @IsInt() @Min(1) @Max(100) servings?: number;
  @IsOptional() @IsString() @IsImageRef() image_url?: string;
  @IsOptional() @ArrayMaxSize(20) @IsString({ each: true }) @Length(1, 40, { each: true }) tags?: string[];
  /** `published` (default) is public; a `draft` only its creator sees. */
  @IsOptional() @IsIn(RECIPE_STATUSES) status?: RecipeStatus;
  /** The author's own figures, kept as given; `GET .../nutrition` computes its own. */
  @IsOptional() @IsObject() nutrition_data?: Record<string, unknown>;
}

/** Absent fields stay as they are. */
export class UpdateRecipeDto {
  @ValidateIf((_d, v) => v !== undefined) @Trim() @IsString() @Length(1, 200) title?: string;
  @ValidateIf((_d, v) => v !== undefined) @IsString() @MaxLength(5000) description?: string;
  @ValidateIf((_d, v) => v !== undefined)
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => RecipeIngredientDto)
  ingredients?: RecipeIngredientDto[];
  @ValidateIf((_d, v) => v !== undefined)
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(4000, { each: true })
  instructions?: string[];
  @IsOptional() @Trim() @IsString() @Length(1, 50) category?: string | null;
  @IsOptional() @Trim() @IsString() @Length(1, 50) cuisine?: string | null;
  @IsOptional() @IsIn(RECIPE_DIFFICULTIES) difficulty?: RecipeDifficulty | null;
  @IsOptional() @IsInt() @Min(0) @Max(1440) prep_time_mins?: number | null;
  @IsOptional() @IsInt() @Min(0) @Max(4320) cook_time_mins?: number | null;
  @ValidateIf((_d, v) => v !== undefined) @IsInt() @Min(1) @Max(100) servings?: number;
  @IsOptional() @IsString() @IsImageRef() image_url?: string | null;
  @ValidateIf((_d, v) => v !== undefined) @ArrayMaxSize(20) @IsString({ each: true }) @Length(1, 40, { each: true }) tags?: string[];
  @ValidateIf((_d, v) => v !== undefined) @IsIn(RECIPE_STATUSES) status?: RecipeStatus;
  @IsOptional() @IsObject() nutrition_data?: Record<string, unknown> | null;
}

export const RECIPE_SORT_FIELDS = [
  'relevance',
  'created_at',
  'rating_avg',
  'rating_count',
  'prep_time_mins',
  'view_count',
  'title',
] as const;
export type RecipeSortField = (typeof RECIPE_SORT_FIELDS)[number];

export class RecipeSearchQuery extends PageQuery {
  /** Full-text query over title, description, ingredients, cuisine, category and tags. */
  @IsOptional() @Trim() @IsString() @Length(1, 200) q?: string;
  @IsOptional() @Trim() @IsString() @Length(1, 50) category?: string;
  @IsOptional() @Trim() @IsString() @Length(1, 50) cuisine?: string;
  @IsOptional() @IsIn(RECIPE_DIFFICULTIES) difficulty?: RecipeDifficulty;
  /** Shortest preparation time, minutes. */
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) prep_time_min?: number;
  /** Longest preparation time, minutes. */
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) prep_time_max?: number;
  @IsOptional() @Trim() @IsString() @Length(1, 40) tag?: string;
  @IsOptional() @IsUUID() author_id?: string;
  @IsOptional() @IsIn(sortValues(RECIPE_SORT_FIELDS)) sort?: string;
  @IsOptional() @IsIn(RECIPE_SORT_FIELDS) sort_by?: string;
}

export class MyRecipesQuery extends PageQuery {
  @IsOptional() @IsIn(RECIPE_STATUSES) status?: RecipeStatus;
}

export class DiscoveryQuery {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(50) limit?: number;
}

export class RecipeIngredientView {
  @IsString() name: string;
  @IsOptional() @IsNumber() quantity: number | null;
  @IsOptional() @IsString() unit: string | null;
}

export class RecipeSummaryView {
  @IsUUID() id: string;
  /** Same as `id`, as the seeds name it. */
  @IsUUID() recipe_id: string;
  @IsString() slug: string;
  @IsString() title: string;
  @IsString() description: string;
  @IsOptional() @IsString() image_url: string | null;
  @IsOptional() @IsString() category: string | null;
  @IsOptional() @IsString() cuisine: string | null;
  @IsOptional() @IsIn(RECIPE_DIFFICULTIES) difficulty: RecipeDifficulty | null;
  @IsOptional() @IsInt() prep_time_mins: number | null;
  @IsOptional() @IsInt() cook_time_mins: number | null;
  @IsInt() servings: number;
  @IsString({ each: true }) tags: string[];
  @IsNumber() rating_avg: number;
  @IsInt() rating_count: number;
  @IsInt() view_count: number;
  @IsUUID() author_id: string;
  @IsIn(RECIPE_STATUSES) status: RecipeStatus;
  @IsString() created_at: string;
}

export class RecipeListView extends ListMeta {
  @ValidateNested({ each: true }) @Type(() => RecipeSummaryView) recipes: RecipeSummaryView[];
}

/** Matches a search always counts exactly; beyond, its `total` may be an estimate. */
export const RECIPE_SEARCH_TOTAL_CAP = 1000;

/**
 * A search's page. `total` is exact up to RECIPE_SEARCH_TOTAL_CAP matches; beyond, it may be the
 * database's estimate (never below the cap), and then `total_is_estimate` is true (and `pages`
 * follows the estimate). Exact totals say false.
 */
export class RecipeSearchView extends RecipeListView {
  @IsBoolean() total_is_estimate: boolean;
}

export class RecipeReviewView {
  @IsUUID() id: string;
  @IsUUID() recipe_id: string;
  @IsUUID() user_id: string;
  @IsInt() rating: number;
  @IsOptional() @IsString() review_text: string | null;
  @IsOptional() @IsString() image_url: string | null;
  @IsString() created_at: string;
}

export class RecipeReviewListView extends ListMeta {
  @ValidateNested({ each: true }) @Type(() => RecipeReviewView) reviews: RecipeReviewView[];
}

export class NutrientTotals {
  @IsNumber() calories: number;
  @IsNumber() protein_g: number;
  @IsNumber() carbs_g: number;
  @IsNumber() fat_g: number;
  @IsNumber() fiber_g: number;
}

export class MatchedIngredientView {
  @IsString() name: string;
  /** The reference food it was matched to, as the reference names it. */
  @IsString() reference: string;
  @IsNumber() grams: number;
}

export class UnknownIngredientView {
  @IsString() name: string;
  @IsOptional() @IsNumber() quantity: number | null;
  @IsOptional() @IsString() unit: string | null;
  /** `not_in_reference` (no such food in the table) or `unconvertible_unit` (no weight for that unit). */
  @IsIn(['not_in_reference', 'unconvertible_unit', 'no_quantity']) reason: 'not_in_reference' | 'unconvertible_unit' | 'no_quantity';
}

/** Computed from the ingredient list; `complete` is false when any ingredient could not be counted. */
export class NutritionView extends NutrientTotals {
  @IsUUID() recipe_id: string;
  @IsInt() servings: number;
  @ValidateNested() @Type(() => NutrientTotals) per_serving: NutrientTotals;
  @IsString({ each: true }) allergens: string[];
  @ValidateNested({ each: true }) @Type(() => MatchedIngredientView) matched_ingredients: MatchedIngredientView[];
  @ValidateNested({ each: true }) @Type(() => UnknownIngredientView) unknown_ingredients: UnknownIngredientView[];
  @IsBoolean() complete: boolean;
  @IsString() source: string;
}

export class RecipeDetailView extends RecipeSummaryView {
  @ValidateNested({ each: true }) @Type(() => RecipeIngredientView) ingredients: RecipeIngredientView[];
  @IsString({ each: true }) instructions: string[];
  @ValidateNested() @Type(() => NutritionView) nutrition: NutritionView;
  @IsOptional() @IsObject() nutrition_data: Record<string, unknown> | null;
  @ValidateNested({ each: true }) @Type(() => RecipeReviewView) reviews: RecipeReviewView[];
  @IsOptional() @IsString() published_at: string | null;
  @IsString() updated_at: string;
}

export class CreateRecipeReviewDto {
  @IsInt() @Min(1) @Max(5) rating: number;
  @IsOptional() @IsString() @MaxLength(2000) review_text?: string | null;
  @IsOptional() @IsString() @IsImageRef() image_url?: string | null;
}

export class RecipeReviewsQuery extends PageQuery {}

export const RecipeCreate = endpoint<CreateRecipeDto, Record<string, never>, RecipeDetailView>({
  method: 'POST',
  path: '/api/recipes',
  aliases: [{ path: '/api/coocook/recipe' }, { path: '/api/coocook/recipes' }],
  subject: 'coocook.recipes.create',
  access: { kind: 'user', scope: 'write:coocook' },
  body: CreateRecipeDto,
  response: RecipeDetailView,
  status: 201,
  idempotent: true,
  summary: 'Create a recipe (published unless status is draft); only its creator edits or deletes it',
  tag: 'recipes',
});

export const RecipeSearch = endpoint<Record<string, never>, RecipeSearchQuery, RecipeSearchView>({
  method: 'GET',
  path: '/api/recipes',
  aliases: [{ path: '/api/coocook/recipe' }, { path: '/api/coocook/recipes' }],
  subject: 'coocook.recipes.search',
  access: { kind: 'public' },
  query: RecipeSearchQuery,
  response: RecipeSearchView,
  status: 200,
  summary: 'Search published recipes: full text (q), category, cuisine, difficulty, preparation time',
  description:
    `\`total\` is exact up to ${RECIPE_SEARCH_TOTAL_CAP} matches; beyond, it may be an estimate, and then \`total_is_estimate\` ` +
    'is true (`pages` follows it). The recipes and their order are exact on every page.',
  tag: 'recipes',
});

export const RecipeMine = endpoint<Record<string, never>, MyRecipesQuery, RecipeListView>({
  method: 'GET',
  path: '/api/recipes/mine',
  subject: 'coocook.recipes.mine',
  access: { kind: 'user', scope: 'read:coocook' },
  query: MyRecipesQuery,
  response: RecipeListView,
  status: 200,
  summary: "The caller's own recipes, drafts included",
  tag: 'recipes',
});

export const RecipeTrending = endpoint<Record<string, never>, DiscoveryQuery, RecipeListView>({
  method: 'GET',
  path: '/api/recipes/trending',
  subject: 'coocook.recipes.trending',
  access: { kind: 'public' },
  query: DiscoveryQuery,
  response: RecipeListView,
  status: 200,
  summary: 'Recipes most viewed and best rated over the last 7 days',
  tag: 'recipes',
});

export const RecipeNew = endpoint<Record<string, never>, DiscoveryQuery, RecipeListView>({
  method: 'GET',
  path: '/api/recipes/new',
  subject: 'coocook.recipes.new',
  access: { kind: 'public' },
  query: DiscoveryQuery,
  response: RecipeListView,
  status: 200,
  summary: 'Recently published recipes',
  tag: 'recipes',
});

export const RecipeGet = endpoint<Record<string, never>, Record<string, never>, RecipeDetailView>({
  method: 'GET',
  path: '/api/recipes/:id',
  aliases: [{ path: '/api/coocook/recipe/:id' }, { path: '/api/coocook/recipes/:id' }],
  subject: 'coocook.recipes.get',
  params: IdParams,
  access: { kind: 'public' },
  response: RecipeDetailView,
  status: 200,
  summary: 'A published recipe in full: ingredients, instructions, nutrition, reviews and ratings',
  tag: 'recipes',
  errors: [404],
});

export const RecipeUpdate = endpoint<UpdateRecipeDto, Record<string, never>, RecipeDetailView>({
  method: 'PUT',
  path: '/api/recipes/:id',
  aliases: [{ path: '/api/coocook/recipe/:id' }, { path: '/api/coocook/recipes/:id' }],
  subject: 'coocook.recipes.update',
  params: IdParams,
  access: { kind: 'user', scope: 'write:coocook' },
  body: UpdateRecipeDto,
  response: RecipeDetailView,
  status: 200,
  summary: 'Edit a recipe (its creator only)',
  tag: 'recipes',
  errors: [404],
});

export const RecipeDelete = endpoint<Record<string, never>, Record<string, never>, void>({
  method: 'DELETE',
  path: '/api/recipes/:id',
  aliases: [{ path: '/api/coocook/recipe/:id' }, { path: '/api/coocook/recipes/:id' }],
  subject: 'coocook.recipes.delete',
  params: IdParams,
  access: { kind: 'user', scope: 'write:coocook' },
  status: 204,
  summary: 'Delete a recipe (its creator only)',
  tag: 'recipes',
  errors: [404],
});

export const RecipeNutrition = endpoint<Record<string, never>, Record<string, never>, NutritionView>({
  method: 'GET',
  path: '/api/recipes/:id/nutrition',
  aliases: [{ path: '/api/coocook/nutrition/:id' }],
  subject: 'coocook.recipes.nutrition',
  params: IdParams,
  access: { kind: 'public' },
  response: NutritionView,
  status: 200,
  summary: 'Calories, protein, carbs, fat, fiber and allergens from the ingredient list (USDA reference values)',
  tag: 'recipes',
  errors: [404],
});

export const RecipeSimilar = endpoint<Record<string, never>, DiscoveryQuery, RecipeListView>({
  method: 'GET',
  path: '/api/recipes/:id/similar',
  subject: 'coocook.recipes.similar',
  params: IdParams,
  access: { kind: 'public' },
  query: DiscoveryQuery,
  response: RecipeListView,
  status: 200,
  summary: 'Recipes sharing the most ingredients, and the category, with this one',
  tag: 'recipes',
  errors: [404],
});

export const RecipeReviewList = endpoint<Record<string, never>, RecipeReviewsQuery, RecipeReviewListView>({
  method: 'GET',
  path: '/api/recipes/:id/reviews',
  subject: 'coocook.recipes.reviews.list',
  params: IdParams,
  access: { kind: 'public' },
  query: RecipeReviewsQuery,
  response: RecipeReviewListView,
  status: 200,
  summary: "A recipe's reviews, newest first",
  tag: 'recipes',
  errors: [404],
});

export const RecipeReviewCreate = endpoint<CreateRecipeReviewDto, Record<string, never>, RecipeReviewView>({
  method: 'POST',
  path: '/api/recipes/:id/reviews',
  subject: 'coocook.recipes.reviews.create',
  params: IdParams,
  access: { kind: 'user', scope: 'write:coocook' },
  body: CreateRecipeReviewDto,
  response: RecipeReviewView,
  status: 201,
  idempotent: true,
  summary: 'Rate and review a recipe, once per user (not its creator)',
  tag: 'recipes',
  errors: [404, 409],
});
