import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { endpoint } from '../common/endpoint';
import { IdParams } from '../common/id-params';
import { ListMeta, PageQuery } from '../common/pagination';
import { canonicalCategory, LISTING_PLATFORMS, ListingPlatform, REVIEW_CATEGORY_NAMES } from './review-fields';

const Categories = () => Transform(({ value }) => (Array.isArray(value) ? value.map((v) => canonicalCategory(v)) : value));

export class CreateAutoApplyRuleDto {
  @IsString() @MinLength(1) @MaxLength(200) name: string;
  /** Empty or absent: any category. */
  @IsOptional() @IsArray() @ArrayMaxSize(20) @Categories() @IsIn(REVIEW_CATEGORY_NAMES, { each: true }) categories?: string[];
  /** Empty or absent: every listing platform. */
  @IsOptional() @IsArray() @ArrayMaxSize(10) @IsIn(LISTING_PLATFORMS, { each: true }) platforms?: ListingPlatform[];
  @IsOptional() @IsInt() @Min(0) @Max(100_000_000) min_reward_krw?: number;
  /** Only listings that take at most this many reviewers. */
  @IsOptional() @IsInt() @Min(1) @Max(100_000) max_applicants?: number;
  /** The accounts to apply with; empty or absent: every account of the caller. */
  @IsOptional() @IsArray() @ArrayMaxSize(50) @IsUUID('all', { each: true }) preferred_accounts?: string[];
  @IsOptional() @IsBoolean() is_active?: boolean;
}

export class UpdateAutoApplyRuleDto {
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200) name?: string;
  @IsOptional() @IsArray() @ArrayMaxSize(20) @Categories() @IsIn(REVIEW_CATEGORY_NAMES, { each: true }) categories?: string[];
  @IsOptional() @IsArray() @ArrayMaxSize(10) @IsIn(LISTING_PLATFORMS, { each: true }) platforms?: ListingPlatform[];
  @IsOptional() @IsInt() @Min(0) @Max(100_000_000) min_reward_krw?: number;
  @IsOptional() @IsInt() @Min(1) @Max(100_000) max_applicants?: number | null;
  @IsOptional() @IsArray() @ArrayMaxSize(50) @IsUUID('all', { each: true }) preferred_accounts?: string[];
  @IsOptional() @IsBoolean() is_active?: boolean;
}

export class AutoApplyRuleView {
  @IsUUID() id: string;
  @IsUUID() rule_id: string;
  @IsString() name: string;
  @IsString({ each: true }) categories: string[];
  @IsString({ each: true }) platforms: string[];
  @IsInt() min_reward_krw: number;
  @IsOptional() @IsInt() max_applicants: number | null;
  @IsUUID('all', { each: true }) preferred_accounts: string[];
  @IsBoolean() is_active: boolean;
  /** Applications a run would make now: open matching listings × accounts not yet applied with. */
  @IsInt() matches_pending: number;
  @IsOptional() @IsString() last_run_at: string | null;
  @IsString() created_at: string;
  @IsString() updated_at: string;
}

export class AutoApplyRuleListView extends ListMeta {
  @ValidateNested({ each: true }) @Type(() => AutoApplyRuleView) rules: AutoApplyRuleView[];
}

export class AutoApplyRunView {
  @IsInt() applications_created: number;
  @IsInt() accounts_used: number;
  @IsInt() rules_run: number;
  @IsUUID('all', { each: true }) application_ids: string[];
  /** When rules next run by themselves: the next scheduled scrape (they run on its new listings). */
  @IsOptional() @IsString() next_run: string | null;
}

export class AutoApplyHistoryEntry {
  @IsUUID() id: string;
  @IsIn(['manual', 'scrape']) trigger: 'manual' | 'scrape';
  @IsInt() rules_run: number;
  @IsInt() applications_created: number;
  @IsInt() accounts_used: number;
  @IsUUID('all', { each: true }) application_ids: string[];
  @IsString() started_at: string;
}

export class AutoApplyHistoryView extends ListMeta {
  @ValidateNested({ each: true }) @Type(() => AutoApplyHistoryEntry) runs: AutoApplyHistoryEntry[];
}

const RULES = '/api/review/auto-apply/rules';
const RULE_ALIAS = '/api/review/auto-apply/rule';

export const AutoApplyRuleList = endpoint<Record<string, never>, PageQuery, AutoApplyRuleListView>({
  method: 'GET',
  path: RULES,
  aliases: [{ path: RULE_ALIAS }],
  subject: 'review.auto_apply.rules_list',
  access: { kind: 'user', scope: 'read:review' },
  query: PageQuery,
  response: AutoApplyRuleListView,
  status: 200,
  summary: "The caller's auto-apply rules (needs a Review Campaign subscription)",
  tag: 'review',
});

export const AutoApplyRuleCreate = endpoint<CreateAutoApplyRuleDto, Record<string, never>, AutoApplyRuleView>({
  method: 'POST',
  path: RULES,
  aliases: [{ path: RULE_ALIAS }],
  subject: 'review.auto_apply.rules_create',
  access: { kind: 'user', scope: 'write:review' },
  body: CreateAutoApplyRuleDto,
  response: AutoApplyRuleView,
  status: 201,
  idempotent: true,
  summary: 'Create an auto-apply rule; answers how many applications it would make now (matches_pending)',
  tag: 'review',
});

export const AutoApplyRuleGet = endpoint<Record<string, never>, Record<string, never>, AutoApplyRuleView>({
  method: 'GET',
  path: `${RULES}/:id`,
  aliases: [{ path: `${RULE_ALIAS}/:id` }],
  subject: 'review.auto_apply.rules_get',
  params: IdParams,
  access: { kind: 'user', scope: 'read:review' },
  response: AutoApplyRuleView,
  status: 200,
  summary: 'One auto-apply rule',
  tag: 'review',
  errors: [404],
});

export const AutoApplyRuleUpdate = endpoint<UpdateAutoApplyRuleDto, Record<string, never>, AutoApplyRuleView>({
  method: 'PUT',
  path: `${RULES}/:id`,
  aliases: [{ path: `${RULE_ALIAS}/:id` }],
  subject: 'review.auto_apply.rules_update',
  params: IdParams,
  access: { kind: 'user', scope: 'write:review' },
  body: UpdateAutoApplyRuleDto,
  response: AutoApplyRuleView,
  status: 200,
  summary: 'Change an auto-apply rule',
  tag: 'review',
  errors: [404],
});

export const AutoApplyRuleDelete = endpoint<Record<string, never>, Record<string, never>, void>({
  method: 'DELETE',
  path: `${RULES}/:id`,
  aliases: [{ path: `${RULE_ALIAS}/:id` }],
  subject: 'review.auto_apply.rules_delete',
  params: IdParams,
  access: { kind: 'user', scope: 'write:review' },
  status: 204,
  summary: 'Delete an auto-apply rule (its applications stay)',
  tag: 'review',
  errors: [404],
});

export const AutoApplyRun = endpoint<Record<string, never>, Record<string, never>, AutoApplyRunView>({
  method: 'POST',
  path: '/api/review/auto-apply/run',
  subject: 'review.auto_apply.run',
  access: { kind: 'user', scope: 'write:review' },
  response: AutoApplyRunView,
  status: 200,
  summary: "Run the caller's active rules now; each listing and account is applied to once, never past deadline or capacity",
  tag: 'review',
});

export const AutoApplyHistory = endpoint<Record<string, never>, PageQuery, AutoApplyHistoryView>({
  method: 'GET',
  path: '/api/review/auto-apply/history',
  subject: 'review.auto_apply.history',
  access: { kind: 'user', scope: 'read:review' },
  query: PageQuery,
  response: AutoApplyHistoryView,
  status: 200,
  summary: 'Past auto-apply runs, newest first',
  tag: 'review',
});
