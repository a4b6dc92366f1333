import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsIn,
  IsInt,
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
import { IsCalendarDate } from './coocook-fields';

export const MEAL_TYPES = ['breakfast', 'lunch', 'dinner', 'snack'] as const;
export type MealType = (typeof MEAL_TYPES)[number];
/** A plan covers at most this many days. */
export const MAX_MEAL_PLAN_DAYS = 62;

export class MealPlanEntryDto {
  @IsString() @IsCalendarDate() date: string;
  @IsIn(MEAL_TYPES) meal_type: MealType;
  /** A published recipe, or one of the caller's own. */
  @IsOptional() @IsUUID() recipe_id?: string | null;
  @IsOptional() @IsInt() @Min(1) @Max(100) servings?: number | null;
  @IsOptional() @IsString() @MaxLength(500) note?: string | null;
}

export class CreateMealPlanDto {
  @Trim() @IsString() @Length(1, 100) name: string;
  @IsString() @IsCalendarDate() start_date: string;
  @IsString() @IsCalendarDate() end_date: string;
  @IsOptional() @IsString() @MaxLength(2000) notes?: string | null;
  @IsOptional() @ArrayMaxSize(500) @ValidateNested({ each: true }) @Type(() => MealPlanEntryDto) meals?: MealPlanEntryDto[];
}

/** Absent fields stay as they are; `meals` replaces the whole list. */
export class UpdateMealPlanDto {
  @ValidateIf((_d, v) => v !== undefined) @Trim() @IsString() @Length(1, 100) name?: string;
  @ValidateIf((_d, v) => v !== undefined) @IsString() @IsCalendarDate() start_date?: string;
  @ValidateIf((_d, v) => v !== undefined) @IsString() @IsCalendarDate() end_date?: string;
  @IsOptional() @IsString() @MaxLength(2000) notes?: string | null;
  @ValidateIf((_d, v) => v !== undefined)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => MealPlanEntryDto)
  meals?: MealPlanEntryDto[];
}

export const MEAL_PLAN_SORT_FIELDS = ['start_date', 'created_at', 'name'] as const;

export class MealPlanListQuery extends PageQuery {
  @IsOptional() @IsIn(sortValues(MEAL_PLAN_SORT_FIELDS)) sort?: string;
  @IsOptional() @IsIn(MEAL_PLAN_SORT_FIELDS) sort_by?: string;
}

export class MealPlanEntryView {
  @IsString() date: string;
  @IsIn(MEAL_TYPES) meal_type: MealType;
  @IsOptional() @IsUUID() recipe_id: string | null;
  /** The recipe's title, or null when there is none (or it has since been deleted). */
  @IsOptional() @IsString() recipe_title: string | null;
  @IsOptional() @IsInt() servings: number | null;
  @IsOptional() @IsString() note: string | null;
}

export class MealPlanView {
  @IsUUID() id: string;
  @IsString() name: string;
  @IsString() start_date: string;
  @IsString() end_date: string;
  @IsOptional() @IsString() notes: string | null;
  @ValidateNested({ each: true }) @Type(() => MealPlanEntryView) meals: MealPlanEntryView[];
  @IsString() created_at: string;
  @IsString() updated_at: string;
}

export class MealPlanListView extends ListMeta {
  @ValidateNested({ each: true }) @Type(() => MealPlanView) meal_plans: MealPlanView[];
}

export const MealPlanCreate = endpoint<CreateMealPlanDto, Record<string, never>, MealPlanView>({
  method: 'POST',
  path: '/api/coocook/meal-plans',
  aliases: [{ path: '/api/coocook/meal-plan' }],
  subject: 'coocook.meal_plans.create',
  access: { kind: 'user', scope: 'write:coocook' },
  body: CreateMealPlanDto,
  response: MealPlanView,
  status: 201,
  idempotent: true,
  summary: 'Plan meals over a range of days',
  tag: 'coocook',
});

export const MealPlanList = endpoint<Record<string, never>, MealPlanListQuery, MealPlanListView>({
  method: 'GET',
  path: '/api/coocook/meal-plans',
  aliases: [{ path: '/api/coocook/meal-plan' }],
  subject: 'coocook.meal_plans.list',
  access: { kind: 'user', scope: 'read:coocook' },
  query: MealPlanListQuery,
  response: MealPlanListView,
  status: 200,
  summary: "The caller's meal plans",
  tag: 'coocook',
});

export const MealPlanGet = endpoint<Record<string, never>, Record<string, never>, MealPlanView>({
  method: 'GET',
  path: '/api/coocook/meal-plans/:id',
  aliases: [{ path: '/api/coocook/meal-plan/:id' }],
  subject: 'coocook.meal_plans.get',
  params: IdParams,
  access: { kind: 'user', scope: 'read:coocook' },
  response: MealPlanView,
  status: 200,
  summary: 'One of the caller’s meal plans',
  tag: 'coocook',
  errors: [404],
});

export const MealPlanUpdate = endpoint<UpdateMealPlanDto, Record<string, never>, MealPlanView>({
  method: 'PUT',
  path: '/api/coocook/meal-plans/:id',
  aliases: [{ path: '/api/coocook/meal-plan/:id' }],
  subject: 'coocook.meal_plans.update',
  params: IdParams,
  access: { kind: 'user', scope: 'write:coocook' },
  body: UpdateMealPlanDto,
  response: MealPlanView,
  status: 200,
  summary: 'Change a meal plan; `meals` replaces the whole list',
  tag: 'coocook',
  errors: [404],
});

export const MealPlanDelete = endpoint<Record<string, never>, Record<string, never>, void>({
  method: 'DELETE',
  path: '/api/coocook/meal-plans/:id',
  aliases: [{ path: '/api/coocook/meal-plan/:id' }],
  subject: 'coocook.meal_plans.delete',
  params: IdParams,
  access: { kind: 'user', scope: 'write:coocook' },
  status: 204,
  summary: 'Delete a meal plan',
  tag: 'coocook',
  errors: [404],
});
