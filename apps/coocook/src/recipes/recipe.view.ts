import type { RecipeDetailView, RecipeDifficulty, RecipeReviewView, RecipeStatus, RecipeSummaryView } from '@sf/contracts';
import { computeNutrition } from '../nutrition/nutrition';
import type { Recipe, RecipeReview } from './recipe.entity';

/** The columns of a recipe that lists show, as raw queries select them. */
export const RECIPE_SUMMARY_COLUMNS = [
  'id',
  'slug',
  'title',
  'description',
  'image_url',
  'category',
  'cuisine',
  'difficulty',
  'prep_time_mins',
  'cook_time_mins',
  'servings',
  'tags',
  'rating_avg',
  'rating_count',
  'view_count',
  'author_id',
  'status',
  'created_at',
] as const;

export interface RecipeSummaryRow {
  id: string;
  slug: string;
  title: string;
  description: string;
  image_url: string | null;
  category: string | null;
  cuisine: string | null;
  difficulty: RecipeDifficulty | null;
  prep_time_mins: number | null;
  cook_time_mins: number | null;
  servings: number;
  tags: string[];
  rating_avg: string | number;
  rating_count: number;
  view_count: number;
  author_id: string;
  status: RecipeStatus;
  created_at: Date;
}

const SUMMARY_DESCRIPTION_CHARS = 280;

/**
 * The summary as rowToSummary writes it, built by Postgres from a row `r` of recipes (one JSON
 * column instead of 18 to parse, the search's busiest path); shortenSummary finishes it.
 */
export const RECIPE_SUMMARY_JSON = `json_build_object(
  'id', r.id, 'recipe_id', r.id, 'slug', r.slug, 'title', r.title, 'description', r.description,
  'image_url', r.image_url, 'category', r.category, 'cuisine', r.cuisine, 'difficulty', r.difficulty,
  'prep_time_mins', r.prep_time_mins, 'cook_time_mins', r.cook_time_mins, 'servings', r.servings, 'tags', r.tags,
  'rating_avg', r.rating_avg::float8, 'rating_count', r.rating_count, 'view_count', r.view_count,
  'author_id', r.author_id, 'status', r.status,
  'created_at', to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))`;

/** A summary built by RECIPE_SUMMARY_JSON, its description shortened as rowToSummary does. */
export function shortenSummary(summary: RecipeSummaryView): RecipeSummaryView {
  const { description } = summary;
  if (description.length > SUMMARY_DESCRIPTION_CHARS) summary.description = `${description.slice(0, SUMMARY_DESCRIPTION_CHARS - 1)}…`;
  return summary;
}

export function rowToSummary(row: RecipeSummaryRow): RecipeSummaryView {
  return {
    id: row.id,
    recipe_id: row.id,
    slug: row.slug,
    title: row.title,
    description:
      row.description.length > SUMMARY_DESCRIPTION_CHARS ? `${row.description.slice(0, SUMMARY_DESCRIPTION_CHARS - 1)}…` : row.description,
    image_url: row.image_url,
    category: row.category,
    cuisine: row.cuisine,
    difficulty: row.difficulty,
    prep_time_mins: row.prep_time_mins,
    cook_time_mins: row.cook_time_mins,
    servings: row.servings,
    tags: row.tags,
    rating_avg: Number(row.rating_avg),
    rating_count: row.rating_count,
    view_count: row.view_count,
    author_id: row.author_id,
    status: row.status,
    created_at: row.created_at.toISOString(),
  };
}

export function toRecipeSummary(recipe: Recipe): RecipeSummaryView {
  return rowToSummary({
    id: recipe.id,
    slug: recipe.slug,
    title: recipe.title,
    description: recipe.description,
    image_url: recipe.imageUrl,
    category: recipe.category,
    cuisine: recipe.cuisine,
    difficulty: recipe.difficulty,
    prep_time_mins: recipe.prepTimeMins,
    cook_time_mins: recipe.cookTimeMins,
    servings: recipe.servings,
    tags: recipe.tags,
    rating_avg: recipe.ratingAvg,
    rating_count: recipe.ratingCount,
    view_count: recipe.viewCount,
    author_id: recipe.authorId,
    status: recipe.status,
    created_at: recipe.createdAt,
  });
}

export function toRecipeReviewView(review: RecipeReview): RecipeReviewView {
  return {
    id: review.id,
    recipe_id: review.recipeId,
    user_id: review.userId,
    rating: review.rating,
    review_text: review.reviewText,
    image_url: review.imageUrl,
    created_at: review.createdAt.toISOString(),
  };
}

export function toRecipeDetail(recipe: Recipe, reviews: RecipeReview[]): RecipeDetailView {
  return {
    ...toRecipeSummary(recipe),
    description: recipe.description,
    ingredients: recipe.ingredients,
    instructions: recipe.instructions,
    nutrition: computeNutrition(recipe.id, recipe.ingredients, recipe.servings),
    nutrition_data: recipe.nutritionData,
    reviews: reviews.map(toRecipeReviewView),
    published_at: recipe.publishedAt?.toISOString() ?? null,
    updated_at: recipe.updatedAt.toISOString(),
  };
}
