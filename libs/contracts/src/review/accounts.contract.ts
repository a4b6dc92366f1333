import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { endpoint } from '../common/endpoint';
import { IdParams } from '../common/id-params';
import { ListMeta, PageQuery } from '../common/pagination';
import { ACCOUNT_PLATFORMS, AccountPlatform } from './review-fields';

export const REVIEW_ACCOUNT_STATUSES = ['verified', 'pending'] as const;
export type ReviewAccountStatus = (typeof REVIEW_ACCOUNT_STATUSES)[number];
export const ACCOUNT_VISIBILITIES = ['public', 'private'] as const;

const ACCOUNT_NAME = /^[A-Za-z0-9._-]{1,64}$/;

export class CreateAccountDto {
  @IsIn(ACCOUNT_PLATFORMS) platform: AccountPlatform;
  @IsString()
  @Matches(ACCOUNT_NAME, { message: 'account_name must be the handle on the platform (letters, digits, . _ -)' })
  account_name: string;
  /** The platform's access token; kept encrypted, never answered. */
  @IsString() @MinLength(1) @MaxLength(4096) auth_token: string;
  @IsOptional() @IsIn(ACCOUNT_VISIBILITIES) visibility?: 'public' | 'private';
}

export class UpdateAccountDto {
  @IsOptional()
  @IsString()
  @Matches(ACCOUNT_NAME, { message: 'account_name must be the handle on the platform (letters, digits, . _ -)' })
  account_name?: string;
  /** A new token: the account is verified again. */
  @IsOptional() @IsString() @MinLength(1) @MaxLength(4096) auth_token?: string;
  @IsOptional() @IsIn(ACCOUNT_VISIBILITIES) visibility?: 'public' | 'private';
}

export class AccountView {
  @IsUUID() id: string;
  @IsUUID() account_id: string;
  @IsIn(ACCOUNT_PLATFORMS) platform: AccountPlatform;
  @IsString() account_name: string;
  @IsIn(REVIEW_ACCOUNT_STATUSES) status: ReviewAccountStatus;
  @IsInt() follower_count: number;
  /** Selected ÷ decided applications of this account, 0..1. */
  @IsNumber() success_rate: number;
  @IsIn(ACCOUNT_VISIBILITIES) visibility: 'public' | 'private';
  @IsOptional() @IsString() verified_at: string | null;
  @IsString() created_at: string;
  @IsString() updated_at: string;
}

export class AccountListView extends ListMeta {
  @ValidateNested({ each: true }) @Type(() => AccountView) accounts: AccountView[];
}

export class AccountStatsView {
  @IsUUID() account_id: string;
  @IsInt() applications: number;
  @IsInt() selected: number;
  @IsInt() rejected: number;
  @IsInt() completed: number;
  @IsNumber() selection_rate: number;
  @IsInt() rewards_krw: number;
  @IsInt() followers: number;
}

export const AccountList = endpoint<Record<string, never>, PageQuery, AccountListView>({
  method: 'GET',
  path: '/api/review/accounts',
  subject: 'review.accounts.list',
  access: { kind: 'user', scope: 'read:review' },
  query: PageQuery,
  response: AccountListView,
  status: 200,
  summary: "The caller's reviewer accounts",
  tag: 'review',
});

export const AccountCreate = endpoint<CreateAccountDto, Record<string, never>, AccountView>({
  method: 'POST',
  path: '/api/review/accounts',
  subject: 'review.accounts.create',
  access: { kind: 'user', scope: 'write:review' },
  body: CreateAccountDto,
  response: AccountView,
  status: 201,
  idempotent: true,
  summary: 'Add a reviewer account; verified against its platform when the platform can say',
  tag: 'review',
  errors: [409],
});

export const AccountGet = endpoint<Record<string, never>, Record<string, never>, AccountView>({
  method: 'GET',
  path: '/api/review/accounts/:id',
  subject: 'review.accounts.get',
  params: IdParams,
  access: { kind: 'user', scope: 'read:review' },
  response: AccountView,
  status: 200,
  summary: 'One of the caller’s accounts',
  tag: 'review',
  errors: [404],
});

export const AccountUpdate = endpoint<UpdateAccountDto, Record<string, never>, AccountView>({
  method: 'PUT',
  path: '/api/review/accounts/:id',
  subject: 'review.accounts.update',
  params: IdParams,
  access: { kind: 'user', scope: 'write:review' },
  body: UpdateAccountDto,
  response: AccountView,
  status: 200,
  summary: 'Rename an account, change its visibility or token',
  tag: 'review',
  errors: [404, 409],
});

export const AccountDelete = endpoint<Record<string, never>, Record<string, never>, void>({
  method: 'DELETE',
  path: '/api/review/accounts/:id',
  subject: 'review.accounts.delete',
  params: IdParams,
  access: { kind: 'user', scope: 'write:review' },
  status: 204,
  summary: 'Remove an account (its applications stay, for the record)',
  tag: 'review',
  errors: [404],
});

export const AccountStats = endpoint<Record<string, never>, Record<string, never>, AccountStatsView>({
  method: 'GET',
  path: '/api/review/accounts/:id/stats',
  subject: 'review.accounts.stats',
  params: IdParams,
  access: { kind: 'user', scope: 'read:review' },
  response: AccountStatsView,
  status: 200,
  summary: "An account's applications, selection rate, rewards and followers",
  tag: 'review',
  errors: [404],
});
