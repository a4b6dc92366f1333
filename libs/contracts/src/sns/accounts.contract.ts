import { Type } from 'class-transformer';
import { IsIn, ValidateNested, IsInt, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { endpoint } from '../common/endpoint';
import { IdParams } from '../common/id-params';
import { ListMeta, PageQuery } from '../common/pagination';
import { Trim } from '../common/trim';
import { PlatformName, SNS_PLATFORMS, SnsPlatform } from './sns-fields';

/**
 * pending (waiting for the platform's consent) → connected; connected → reauth_required when a
 * refresh fails. A disconnected account is deleted (its tokens revoked at the platform).
 */
export const SNS_ACCOUNT_STATUSES = ['pending', 'connected', 'reauth_required'] as const;
export type SnsAccountStatus = (typeof SNS_ACCOUNT_STATUSES)[number];

export class PlatformParams {
  @PlatformName() @IsIn(SNS_PLATFORMS) platform: SnsPlatform;
}

export class CreateSnsAccountDto {
  @PlatformName() @IsIn(SNS_PLATFORMS) platform: SnsPlatform;
  @Trim() @IsString() @Length(1, 100) account_name: string;
}

export class ConnectAccountDto {
  @IsOptional() @Trim() @IsString() @Length(1, 100) account_name?: string;
}

export class OAuthCallbackQuery {
  @IsOptional() @IsString() @MaxLength(2000) code?: string;
  @IsString() @Length(1, 200) state: string;
  /** Set by the platform when the user refused consent. */
  @IsOptional() @IsString() @MaxLength(200) error?: string;
  @IsOptional() @IsString() @MaxLength(2000) error_description?: string;
}

export class AccountListQuery extends PageQuery {
  @IsOptional() @PlatformName() @IsIn(SNS_PLATFORMS) platform?: SnsPlatform;
  @IsOptional() @IsIn(SNS_ACCOUNT_STATUSES) status?: SnsAccountStatus;
}

/** A social account as its owner sees it; tokens never leave the service. */
export class SnsAccountView {
  @IsUUID() id: string;
  @IsUUID() account_id: string;
  @IsIn(SNS_PLATFORMS) platform: SnsPlatform;
  @IsString() account_name: string;
  @IsIn(SNS_ACCOUNT_STATUSES) status: SnsAccountStatus;
  /** The account's id at the platform, once connected. */
  @IsOptional() @IsString() platform_user_id: string | null;
  @IsOptional() @IsString() platform_username: string | null;
  @IsOptional() @IsInt() followers_count: number | null;
  @IsOptional() @IsString() token_expires_at: string | null;
  @IsOptional() @IsString() connected_at: string | null;
  /** Where the user grants access, while the account is pending or needs re-authorisation. */
  @IsOptional() @IsString() authorize_url: string | null;
  /** The single-use state of that authorisation. */
  @IsOptional() @IsString() state: string | null;
  @IsString() created_at: string;
  @IsString() updated_at: string;
}

export class SnsAccountListView extends ListMeta {
  @ValidateNested({ each: true }) @Type(() => SnsAccountView) accounts: SnsAccountView[];
}

/** What connecting answers: where to send the user, and the single-use state carried back. */
export class ConnectView {
  @IsString() authorize_url: string;
  @IsString() state: string;
  @IsUUID() account_id: string;
  @IsIn(SNS_PLATFORMS) platform: SnsPlatform;
}

export const SnsAccountConnect = endpoint<ConnectAccountDto, Record<string, never>, ConnectView>({
  method: 'POST',
  path: '/api/sns/account/connect/:platform',
  aliases: [{ path: '/api/sns/accounts/connect/:platform' }],
  subject: 'sns.accounts.connect',
  params: PlatformParams,
  access: { kind: 'user', scope: 'write:sns' },
  body: ConnectAccountDto,
  response: ConnectView,
  status: 200,
  summary: "Start connecting a social account: answers the platform's authorize_url and a single-use state",
  tag: 'sns',
});

export const SnsAccountCallback = endpoint<Record<string, never>, OAuthCallbackQuery, SnsAccountView>({
  method: 'GET',
  path: '/api/sns/account/callback/:platform',
  aliases: [{ path: '/api/sns/accounts/callback/:platform' }],
  subject: 'sns.accounts.callback',
  params: PlatformParams,
  access: { kind: 'public' },
  query: OAuthCallbackQuery,
  response: SnsAccountView,
  status: 200,
  summary: 'Where the platform sends the user back: checks the single-use state, stores the tokens encrypted',
  tag: 'sns',
  errors: [404, 409, 503],
});

export const SnsAccountCreate = endpoint<CreateSnsAccountDto, Record<string, never>, SnsAccountView>({
  method: 'POST',
  path: '/api/sns/accounts',
  aliases: [{ path: '/api/sns/account' }],
  subject: 'sns.accounts.create',
  access: { kind: 'user', scope: 'write:sns' },
  body: CreateSnsAccountDto,
  response: SnsAccountView,
  status: 201,
  idempotent: true,
  summary: 'Link a social account: a pending account with the authorize_url that connects it',
  tag: 'sns',
});

export const SnsAccountList = endpoint<Record<string, never>, AccountListQuery, SnsAccountListView>({
  method: 'GET',
  path: '/api/sns/accounts',
  aliases: [{ path: '/api/sns/account' }],
  subject: 'sns.accounts.list',
  access: { kind: 'user', scope: 'read:sns' },
  query: AccountListQuery,
  response: SnsAccountListView,
  status: 200,
  summary: "The caller's social accounts",
  tag: 'sns',
});

export const SnsAccountGet = endpoint<Record<string, never>, Record<string, never>, SnsAccountView>({
  method: 'GET',
  path: '/api/sns/accounts/:id',
  aliases: [{ path: '/api/sns/account/:id' }],
  subject: 'sns.accounts.get',
  params: IdParams,
  access: { kind: 'user', scope: 'read:sns' },
  response: SnsAccountView,
  status: 200,
  summary: 'One of the caller’s social accounts',
  tag: 'sns',
  errors: [404],
});

export const SnsAccountDelete = endpoint<Record<string, never>, Record<string, never>, void>({
  method: 'DELETE',
  path: '/api/sns/accounts/:id',
  aliases: [{ path: '/api/sns/account/:id' }],
  subject: 'sns.accounts.delete',
  params: IdParams,
  access: { kind: 'user', scope: 'write:sns' },
  status: 204,
  summary: 'Disconnect an account: its tokens are revoked at the platform and forgotten',
  tag: 'sns',
  errors: [404],
});
