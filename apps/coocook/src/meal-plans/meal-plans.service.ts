import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  CreateMealPlanDto,
  listView,
  MAX_MEAL_PLAN_DAYS,
  MEAL_PLAN_SORT_FIELDS,
  MealPlanEntryDto,
  MealPlanListQuery,
  MealPlanListView,
  MealPlanView,
  resolvePage,
  resolveSort,
  UpdateMealPlanDto,
  UserContext,
} from '@sf/contracts';
import { NotFound, ValidationFailed } from '@sf/errors';
import { Recipe } from '../recipes/recipe.entity';
import { MealPlan, StoredMealEntry } from './meal-plan.entity';
import { inTransaction } from '@sf/idempotency';

type SortField = (typeof MEAL_PLAN_SORT_FIELDS)[number];
const SORT_PROPERTIES: Record<SortField, 'startDate' | 'createdAt' | 'name'> = {
  start_date: 'startDate',
  created_at: 'createdAt',
  name: 'name',
};
const DAY_MS = 86_400_000;

/** Meal plans: private to their owner (another user's plan is 404). */
@Injectable()
export class MealPlansService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async create(ctx: UserContext, dto: CreateMealPlanDto): Promise<MealPlanView> {
    const userId = ctx.user_id;
    const meals = await this.checkedMeals(this.dataSource.manager, userId, dto.start_date, dto.end_date, dto.meals ?? []);
    const plan = await this.dataSource.getRepository(MealPlan).save({
      userId,
      name: dto.name,
      startDate: dto.start_date,
      endDate: dto.end_date,
      notes: dto.notes?.trim() || null,
      meals,
    });
    return (await this.views([plan]))[0];
  }

  async list(ctx: UserContext, query: MealPlanListQuery): Promise<MealPlanListView> {
    const userId = ctx.user_id;
    const page = resolvePage(query);
    const sort = resolveSort<SortField>(query, { field: 'start_date', direction: 'DESC' });
    const [plans, total] = await this.dataSource.getRepository(MealPlan).findAndCount({
      where: { userId },
      order: { [SORT_PROPERTIES[sort.field]]: sort.direction, id: 'ASC' },
      skip: page.offset,
      take: page.limit,
    });
    return listView('meal_plans', await this.views(plans), total, page);
  }

  async get(ctx: UserContext, id: string): Promise<MealPlanView> {
    return (await this.views([await this.find(this.dataSource.manager, ctx, id)]))[0];
  }

  async update(ctx: UserContext, id: string, dto: UpdateMealPlanDto): Promise<MealPlanView> {
    const userId = ctx.user_id;
    const saved = await inTransaction(this.dataSource, async (manager) => {
      const plan = await this.find(manager, ctx, id, true);
      if (dto.name !== undefined) plan.name = dto.name;
      if (dto.start_date !== undefined) plan.startDate = dto.start_date;
      if (dto.end_date !== undefined) plan.endDate = dto.end_date;
      if (dto.notes !== undefined) plan.notes = dto.notes?.trim() || null;
      // Meals kept as they were are only checked against the (new) dates: a recipe unpublished
      // since they were planned must not block renaming the plan.
      plan.meals = await this.checkedMeals(manager, userId, plan.startDate, plan.endDate, dto.meals ?? plan.meals, dto.meals !== undefined);
      return manager.save(MealPlan, plan);
    });
    return (await this.views([saved]))[0];
  }

  async delete(ctx: UserContext, id: string): Promise<void> {
    const result = await this.dataSource.getRepository(MealPlan).delete({ id, userId: ctx.user_id });
    if (!result.affected) throw new NotFound('Meal plan');
  }

  private async find(manager: EntityManager, ctx: UserContext, id: string, lock = false): Promise<MealPlan> {
    const plan = await manager.findOne(MealPlan, {
      where: { id, userId: ctx.user_id },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!plan) throw new NotFound('Meal plan');
    return plan;
  }

  /**
   * The range is at most MAX_MEAL_PLAN_DAYS days, every meal falls inside it, and every recipe is
   * one the owner may read (published, or their own).
   */
  private async checkedMeals(
    manager: EntityManager,
    userId: string,
    start: string,
    end: string,
    meals: (MealPlanEntryDto | StoredMealEntry)[],
    checkRecipes = true,
  ): Promise<StoredMealEntry[]> {
    const problems: Record<string, string[]> = {};
    const days = (Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / DAY_MS + 1;
    if (days < 1) problems.end_date = ['must not be before start_date'];
    else if (days > MAX_MEAL_PLAN_DAYS) problems.end_date = [`must be within ${MAX_MEAL_PLAN_DAYS} days of start_date`];
    const recipeIds = checkRecipes ? [...new Set(meals.map((m) => m.recipe_id).filter((r): r is string => !!r))] : [];
    const visible = recipeIds.length
      ? await manager.find(Recipe, { select: { id: true, status: true, authorId: true }, where: { id: In(recipeIds) } })
      : [];
    const readable = new Set(visible.filter((r) => r.status === 'published' || r.authorId === userId).map((r) => r.id));
    meals.forEach((meal, i) => {
      if (meal.date < start || meal.date > end) problems[`meals.${i}.date`] = ['must be within the plan’s dates'];
      if (checkRecipes && meal.recipe_id && !readable.has(meal.recipe_id))
        problems[`meals.${i}.recipe_id`] = ['names no recipe you can use'];
    });
    if (Object.keys(problems).length) throw new ValidationFailed(problems);
    return meals
      .map((m) => ({
        date: m.date,
        meal_type: m.meal_type,
        recipe_id: m.recipe_id ?? null,
        servings: m.servings ?? null,
        note: m.note?.trim() || null,
      }))
      .sort((a, b) => a.date.localeCompare(b.date) || mealOrder(a.meal_type) - mealOrder(b.meal_type));
  }

  private async views(plans: MealPlan[]): Promise<MealPlanView[]> {
    const ids = [...new Set(plans.flatMap((p) => p.meals.map((m) => m.recipe_id)).filter((r): r is string => !!r))];
    const recipes = ids.length
      ? await this.dataSource.getRepository(Recipe).find({ select: { id: true, title: true }, where: { id: In(ids) } })
      : [];
    const titles = new Map(recipes.map((r) => [r.id, r.title]));
    return plans.map((plan) => ({
      id: plan.id,
      name: plan.name,
      start_date: plan.startDate,
      end_date: plan.endDate,
      notes: plan.notes,
      meals: plan.meals.map((m) => ({ ...m, recipe_title: m.recipe_id ? (titles.get(m.recipe_id) ?? null) : null })),
      created_at: plan.createdAt.toISOString(),
      updated_at: plan.updatedAt.toISOString(),
    }));
  }
}

function mealOrder(type: string): number {
  return ['breakfast', 'lunch', 'dinner', 'snack'].indexOf(type);
}
