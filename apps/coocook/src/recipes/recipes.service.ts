import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import {
  CallerContext,
  CreateRecipeDto,
  CreateRecipeReviewDto,
  listView,
  NutritionView,
  RecipeDetailView,
  RecipeReviewListView,
  RecipePublishedData,
  RecipeReviewsQuery,
  RecipeReviewView,
  resolvePage,
  UpdateRecipeDto,
  UserContext,
} from '@sf/contracts';
import { Conflict, Forbidden, NotFound } from '@sf/errors';
import { Chef, ChefActivity } from '../chefs/chef.entity';
import { ingredientKey } from '../nutrition/ingredient-names';
import { computeNutrition } from '../nutrition/nutrition';
import { CoocookEvents } from '../shared/coocook-events';
import { isUniqueViolation } from '../shared/database-errors';
import { ImageResolver } from '../shared/image-resolver';
import { Recipe, RecipeReview, StoredIngredient } from './recipe.entity';
import { toRecipeDetail, toRecipeReviewView } from './recipe.view';
import { inTransaction } from '@sf/idempotency';
import { countRating } from '../shared/ratings';

const LATEST_REVIEWS = 5;

/** `Kimchi Fried Rice!` → `kimchi-fried-rice-3fa9c1`: readable, and unique by its suffix. */
function slugFor(title: string): string {
  const base = title
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 200);
  return `${base || 'recipe'}-${randomBytes(3).toString('hex')}`;
}

function storedIngredients(ingredients: CreateRecipeDto['ingredients']): StoredIngredient[] {
  return ingredients.map((i) => ({ name: i.name, quantity: i.quantity ?? null, unit: i.unit?.trim() || null }));
}

function keysOf(ingredients: StoredIngredient[]): string[] {
  return [...new Set(ingredients.map((i) => ingredientKey(i.name)).filter(Boolean))];
}

function tagsOf(tags: string[] | undefined): string[] {
  return [...new Set((tags ?? []).map((t) => t.trim().toLowerCase()).filter(Boolean))];
}

/** Recipes: written by anyone, edited and deleted by their creator only, read by all once published. */
@Injectable()
export class RecipesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: CoocookEvents,
    private readonly images: ImageResolver,
  ) {}

  async create(ctx: UserContext, dto: CreateRecipeDto): Promise<RecipeDetailView> {
    const authorId = ctx.user_id;
    const imageUrl = (await this.images.resolve(ctx, dto.image_url)) ?? null;
    const ingredients = storedIngredients(dto.ingredients);
    const status = dto.status ?? 'published';
    return inTransaction(this.dataSource, async (manager) => {
      const recipe = await manager.save(
        Recipe,
        manager.create(Recipe, {
          authorId,
          slug: slugFor(dto.title),
          title: dto.title,
          description: dto.description?.trim() ?? '',
          category: dto.category ?? null,
          cuisine: dto.cuisine ?? null,
          difficulty: dto.difficulty ?? null,
          prepTimeMins: dto.prep_time_mins ?? null,
          cookTimeMins: dto.cook_time_mins ?? null,
          servings: dto.servings ?? 1,
          imageUrl,
          tags: tagsOf(dto.tags),
          ingredients,
          ingredientKeys: keysOf(ingredients),
          instructions: dto.instructions.map((s) => s.trim()).filter(Boolean),
          nutritionData: dto.nutrition_data ?? null,
          status,
          publishedAt: status === 'published' ? new Date() : null,
        }),
      );
      if (status === 'published') await this.announce(manager, recipe);
      return toRecipeDetail(recipe, []);
    });
  }

  /** A recipe as its page shows it; each read counts as a view (for "trending"). */
  async get(ctx: CallerContext, id: string): Promise<RecipeDetailView> {
    await this.dataSource.query(
      `WITH viewed AS (UPDATE recipes SET view_count = view_count + 1 WHERE id = $1 AND status = 'published' RETURNING id)
       INSERT INTO recipe_daily_stats (recipe_id, day, views) SELECT id, current_date, 1 FROM viewed
       ON CONFLICT (recipe_id, day) DO UPDATE SET views = recipe_daily_stats.views + 1`,
      [id],
    );
    const recipe = await this.findVisible(this.dataSource.manager, ctx, id);
    const reviews = await this.dataSource
      .getRepository(RecipeReview)
      .find({ where: { recipeId: id, removedAt: IsNull() }, order: { createdAt: 'DESC', id: 'ASC' }, take: LATEST_REVIEWS });
    return toRecipeDetail(recipe, reviews);
  }

  async nutrition(ctx: CallerContext, id: string): Promise<NutritionView> {
    const recipe = await this.findVisible(this.dataSource.manager, ctx, id);
    return computeNutrition(recipe.id, recipe.ingredients, recipe.servings);
  }

  async update(ctx: UserContext, id: string, dto: UpdateRecipeDto): Promise<RecipeDetailView> {
    const imageUrl = await this.images.resolve(ctx, dto.image_url);
    return inTransaction(this.dataSource, async (manager) => {
      const recipe = await this.findOwned(manager, ctx, id);
      const wasPublished = recipe.publishedAt !== null;
      if (dto.title !== undefined) recipe.title = dto.title;
      if (dto.description !== undefined) recipe.description = dto.description.trim();
      if (dto.ingredients !== undefined) {
        recipe.ingredients = storedIngredients(dto.ingredients);
        recipe.ingredientKeys = keysOf(recipe.ingredients);
      }
      if (dto.instructions !== undefined) recipe.instructions = dto.instructions.map((s) => s.trim()).filter(Boolean);
      if (dto.category !== undefined) recipe.category = dto.category;
      if (dto.cuisine !== undefined) recipe.cuisine = dto.cuisine;
      if (dto.difficulty !== undefined) recipe.difficulty = dto.difficulty;
      if (dto.prep_time_mins !== undefined) recipe.prepTimeMins = dto.prep_time_mins;
      if (dto.cook_time_mins !== undefined) recipe.cookTimeMins = dto.cook_time_mins;
      if (dto.servings !== undefined) recipe.servings = dto.servings;
      if (imageUrl !== undefined) recipe.imageUrl = imageUrl;
      if (dto.tags !== undefined) recipe.tags = tagsOf(dto.tags);
      if (dto.nutrition_data !== undefined) recipe.nutritionData = dto.nutrition_data;
      if (dto.status !== undefined) recipe.status = dto.status;
      if (recipe.status === 'published' && !recipe.publishedAt) recipe.publishedAt = new Date();
      const saved = await manager.save(Recipe, recipe);
      if (!wasPublished && saved.status === 'published') await this.announce(manager, saved);
      else if (wasPublished) await this.events.record(manager, 'recipe.updated', saved.id, recipeEventData(saved));
      const reviews = await manager.find(RecipeReview, {
        where: { recipeId: id, removedAt: IsNull() },
        order: { createdAt: 'DESC', id: 'ASC' },
        take: LATEST_REVIEWS,
      });
      return toRecipeDetail(saved, reviews);
    });
  }

  async delete(ctx: UserContext, id: string): Promise<void> {
    await inTransaction(this.dataSource, async (manager) => {
      const recipe = await this.findOwned(manager, ctx, id);
      await manager.delete(ChefActivity, { subjectId: id });
      await manager.delete(Recipe, { id });
      if (recipe.publishedAt !== null) {
        await this.events.record(manager, 'recipe.deleted', id, {
          recipe_id: id,
          author_id: recipe.authorId,
          version: new Date().toISOString(),
        });
      }
    });
  }

  async reviews(ctx: CallerContext, id: string, query: RecipeReviewsQuery): Promise<RecipeReviewListView> {
    await this.findVisible(this.dataSource.manager, ctx, id);
    const page = resolvePage(query);
    const [reviews, total] = await this.dataSource.getRepository(RecipeReview).findAndCount({
      where: { recipeId: id, removedAt: IsNull() },
      order: { createdAt: query.order === 'asc' ? 'ASC' : 'DESC', id: 'ASC' },
      skip: page.offset,
      take: page.limit,
    });
    return listView('reviews', reviews.map(toRecipeReviewView), total, page);
  }

  /** One review per user; the recipe's rating and the day's trending figures take it in. */
  async review(ctx: UserContext, id: string, dto: CreateRecipeReviewDto): Promise<RecipeReviewView> {
    const userId = ctx.user_id;
    const imageUrl = (await this.images.resolve(ctx, dto.image_url)) ?? null;
    try {
      return await inTransaction(this.dataSource, async (manager) => {
        const recipe = await this.findVisible(manager, ctx, id);
        if (recipe.status !== 'published') throw new NotFound('Recipe');
        if (recipe.authorId === userId) throw new Forbidden('You cannot review your own recipe');
        if (await manager.existsBy(RecipeReview, { recipeId: id, userId })) throw new Conflict('You have already reviewed this recipe');
        const review = await manager.save(
          RecipeReview,
          manager.create(RecipeReview, { recipeId: id, userId, rating: dto.rating, reviewText: dto.review_text?.trim() || null, imageUrl }),
        );
        await countRating(manager, 'recipes', id, dto.rating, 1);
        await manager.query(
          `INSERT INTO recipe_daily_stats (recipe_id, day, ratings, rating_sum) VALUES ($1, current_date, 1, $2)
           ON CONFLICT (recipe_id, day) DO UPDATE SET ratings = recipe_daily_stats.ratings + 1, rating_sum = recipe_daily_stats.rating_sum + $2`,
          [id, dto.rating],
        );
        return toRecipeReviewView(review);
      });
    } catch (error) {
      if (isUniqueViolation(error, 'recipe_reviews_recipe_user_key')) throw new Conflict('You have already reviewed this recipe');
      throw error;
    }
  }

  /** Published, or the caller's own draft; anything else (a removed recipe included) is 404. */
  async findVisible(manager: EntityManager, ctx: CallerContext, id: string): Promise<Recipe> {
    const recipe = await manager.findOneBy(Recipe, { id });
    if (!recipe || recipe.removedAt || (recipe.status !== 'published' && recipe.authorId !== ctx.user_id)) throw new NotFound('Recipe');
    return recipe;
  }

  /** The caller's own recipe, locked; someone else's published recipe is 403, a draft 404. */
  private async findOwned(manager: EntityManager, ctx: UserContext, id: string): Promise<Recipe> {
    const userId = ctx.user_id;
    const recipe = await manager.findOne(Recipe, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!recipe || recipe.removedAt || (recipe.status !== 'published' && recipe.authorId !== userId)) throw new NotFound('Recipe');
    if (recipe.authorId !== userId) throw new Forbidden('Only the recipe’s creator may change it');
    return recipe;
  }

  /**
   * A moderator removed the recipe (admin's `moderation.content.removed`): it goes back to draft,
   * marked removed, so no list or detail shows it and its author cannot publish it again; it
   * leaves followers' feeds, and `recipe.updated` tells the read models it is no longer public.
   */
  async removeByModerator(manager: EntityManager, id: string, at: Date): Promise<void> {
    const recipe = await manager.findOne(Recipe, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!recipe || recipe.removedAt) return;
    const wasPublished = recipe.publishedAt !== null;
    recipe.status = 'draft';
    recipe.removedAt = at;
    const saved = await manager.save(Recipe, recipe);
    await manager.delete(ChefActivity, { subjectId: id });
    if (wasPublished) await this.events.record(manager, 'recipe.updated', saved.id, recipeEventData(saved));
  }

  /** A moderator removed a review: it leaves every list, and the recipe's rating no longer counts it. */
  async removeReviewByModerator(manager: EntityManager, id: string, at: Date): Promise<void> {
    const review = await manager.findOne(RecipeReview, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!review || review.removedAt) return;
    await manager.update(RecipeReview, { id }, { removedAt: at });
    await countRating(manager, 'recipes', review.recipeId, review.rating, -1);
  }

  /** A recipe goes public: an event, and an entry in the feed of its chef's followers. */
  private async announce(manager: EntityManager, recipe: Recipe): Promise<void> {
    await this.events.record(manager, 'recipe.published', recipe.id, recipeEventData(recipe));
    const chef = await manager.findOneBy(Chef, { userId: recipe.authorId });
    if (!chef) return;
    await manager.save(
      ChefActivity,
      manager.create(ChefActivity, {
        chefId: chef.id,
        kind: 'recipe.published',
        subjectId: recipe.id,
        summary: `${chef.name} published ${recipe.title}`.slice(0, 300),
        data: { title: recipe.title, slug: recipe.slug, image_url: recipe.imageUrl, cuisine: recipe.cuisine, category: recipe.category },
      }),
    );
  }
}

/** What `recipe.published` and `recipe.updated` carry: the recipe's public state after the change. */
function recipeEventData(recipe: Recipe): RecipePublishedData {
  return {
    recipe_id: recipe.id,
    author_id: recipe.authorId,
    title: recipe.title,
    category: recipe.category,
    cuisine: recipe.cuisine,
    description: recipe.description,
    tags: recipe.tags,
    status: recipe.status,
    published_at: recipe.publishedAt?.toISOString() ?? null,
    version: recipe.updatedAt.toISOString(),
  };
}
