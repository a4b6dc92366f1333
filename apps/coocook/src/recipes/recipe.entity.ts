import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { RecipeDifficulty, RecipeStatus } from '@sf/contracts';
import { numericTransformer } from '../shared/numeric';

export interface StoredIngredient {
  name: string;
  quantity: number | null;
  unit: string | null;
}

/**
 * A recipe. `search_vector` (title, tags, ingredients, cuisine, category, description, weighted
 * in that order) is kept by a trigger and searched through a GIN index; `ingredient_keys`
 * holds the normalised ingredient names, for "similar recipes" and shopping lists.
 */
@Entity({ name: 'recipes' })
@Index('recipes_category_idx', { synchronize: false }) // lower(category) WHERE status = 'published'
@Index('recipes_cuisine_idx', { synchronize: false }) // lower(cuisine) WHERE status = 'published'
@Index('recipes_published_at_idx', { synchronize: false }) // (published_at DESC) WHERE status = 'published'
@Index('recipes_author_created_idx', ['authorId', 'createdAt'])
@Check('recipes_status_check', "status IN ('draft', 'published')")
export class Recipe {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Column({ name: 'author_id', type: 'uuid' }) authorId: string;

  @Index('recipes_slug_key', { unique: true })
  @Column({ type: 'varchar', length: 240 })
  slug: string;

  @Column({ type: 'varchar', length: 200 }) title: string;

  @Column({ type: 'text', default: '' }) description: string;

  @Column({ type: 'varchar', length: 50, nullable: true }) category: string | null;

  @Column({ type: 'varchar', length: 50, nullable: true }) cuisine: string | null;

  @Index('recipes_difficulty_idx')
  @Column({ type: 'varchar', length: 10, nullable: true })
  difficulty: RecipeDifficulty | null;

  @Index('recipes_prep_time_idx')
  @Column({ name: 'prep_time_mins', type: 'integer', nullable: true })
  prepTimeMins: number | null;

  @Column({ name: 'cook_time_mins', type: 'integer', nullable: true }) cookTimeMins: number | null;

  @Column({ type: 'integer', default: 1 }) servings: number;

  @Column({ name: 'image_url', type: 'text', nullable: true }) imageUrl: string | null;

  @Index('recipes_tags_idx', { type: 'gin' })
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  tags: string[];

  @Column({ type: 'jsonb' }) ingredients: StoredIngredient[];

  @Index('recipes_ingredient_keys_idx', { type: 'gin' })
  @Column({ name: 'ingredient_keys', type: 'text', array: true, default: () => "'{}'" })
  ingredientKeys: string[];

  @Column({ type: 'jsonb', default: () => "'[]'" }) instructions: string[];

  @Column({ name: 'nutrition_data', type: 'jsonb', nullable: true }) nutritionData: Record<string, unknown> | null;

  @Column({ type: 'varchar', length: 10, default: 'published' }) status: RecipeStatus;

  @Index('recipes_rating_avg_idx')
  @Column({ name: 'rating_avg', type: 'numeric', precision: 3, scale: 2, default: 0, transformer: numericTransformer })
  ratingAvg: number;

  @Column({ name: 'rating_count', type: 'integer', default: 0 }) ratingCount: number;

  @Column({ name: 'rating_sum', type: 'integer', default: 0 }) ratingSum: number;

  @Column({ name: 'view_count', type: 'integer', default: 0 }) viewCount: number;

  @Index('recipes_search_idx', { type: 'gin' })
  @Column({ name: 'search_vector', type: 'tsvector', nullable: true, select: false, insert: false, update: false })
  searchVector?: string;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true }) publishedAt: Date | null;

  /** When a moderator removed it: hidden from everyone (404), its author included, and never published again. */
  @Column({ name: 'removed_at', type: 'timestamptz', nullable: true }) removedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/** One review per user per recipe. */
@Entity({ name: 'recipe_reviews' })
@Index('recipe_reviews_recipe_user_key', ['recipeId', 'userId'], { unique: true })
@Index('recipe_reviews_recipe_created_idx', ['recipeId', 'createdAt'])
@Check('recipe_reviews_rating_check', 'rating BETWEEN 1 AND 5')
export class RecipeReview {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Column({ name: 'recipe_id', type: 'uuid' }) recipeId: string;

  @ManyToOne(() => Recipe, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'recipe_id' })
  recipe?: Recipe;

  @Column({ name: 'user_id', type: 'uuid' }) userId: string;

  @Column({ type: 'smallint' }) rating: number;

  @Column({ name: 'review_text', type: 'text', nullable: true }) reviewText: string | null;

  @Column({ name: 'image_url', type: 'text', nullable: true }) imageUrl: string | null;

  /** When a moderator removed it: left out of every list, and out of the recipe's rating. */
  @Column({ name: 'removed_at', type: 'timestamptz', nullable: true }) removedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

/** Views and ratings per recipe per day, for "trending". */
@Entity({ name: 'recipe_daily_stats' })
@Index('recipe_daily_stats_day_idx', ['day'])
export class RecipeDailyStats {
  @PrimaryColumn({ name: 'recipe_id', type: 'uuid' }) recipeId: string;

  @ManyToOne(() => Recipe, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'recipe_id' })
  recipe?: Recipe;

  @PrimaryColumn({ type: 'date' }) day: string;

  @Column({ type: 'integer', default: 0 }) views: number;

  @Column({ type: 'integer', default: 0 }) ratings: number;

  @Column({ name: 'rating_sum', type: 'integer', default: 0 }) ratingSum: number;
}

/**
 * The terms of published recipes, one row per recipe and lexeme of its `search_vector`, with the
 * rank a one-word search for that lexeme gives the recipe (`ts_rank`, as the search orders by).
 * Kept by a trigger on `recipes`; the index `(lexeme, score DESC, created_at DESC, recipe_id)`
 * hands a one-word search its page in order without ranking every match.
 */
@Entity({ name: 'recipe_search_terms' })
@Index('recipe_search_terms_rank_idx', { synchronize: false }) // (lexeme, score DESC, created_at DESC, recipe_id)
export class RecipeSearchTerm {
  @PrimaryColumn({ name: 'recipe_id', type: 'uuid' }) recipeId: string;

  @ManyToOne(() => Recipe, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'recipe_id' })
  recipe?: Recipe;

  @PrimaryColumn({ type: 'text' }) lexeme: string;

  @Column({ type: 'real' }) score: number;

  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
