import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsIn, ValidateNested, IsISO8601, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { endpoint } from '../common/endpoint';
import { IdParams } from '../common/id-params';
import { ListMeta, PageQuery, sortValues } from '../common/pagination';

/** Scopes an API key may hold; an endpoint that accepts keys names the one it needs. */
export const API_KEY_SCOPES = [
  'read:profile',
  'write:profile',
  'read:payment',
  'write:payment',
  'read:sns',
  'write:sns',
  'read:review',
  'write:review',
  'read:coocook',
  'write:coocook',
  'read:files',
  'write:files',
  'read:sites',
  'write:sites',
  'read:automation',
  'write:automation',
] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export class CreateApiKeyDto {
  @IsString() @Length(1, 100) name: string;
  @ArrayMinSize(1) @ArrayMaxSize(API_KEY_SCOPES.length) @IsIn(API_KEY_SCOPES, { each: true }) permissions: ApiKeyScope[];
  @IsOptional() @IsISO8601({ strict: true }) expires_at?: string;
}

export const API_KEY_SORT_FIELDS = ['created_at', 'name'] as const;

export class ApiKeysQuery extends PageQuery {
  @IsOptional() @IsIn(sortValues(API_KEY_SORT_FIELDS)) sort?: string;
  @IsOptional() @IsIn(API_KEY_SORT_FIELDS) sort_by?: string;
}

export class ApiKeyView {
  @IsUUID() id: string;
  @IsString() name: string;
  /** The first characters of the key, to tell keys apart. */
  @IsString() prefix: string;
  @IsIn(API_KEY_SCOPES, { each: true }) permissions: ApiKeyScope[];
  @IsISO8601() created_at: string;
  @IsOptional() @IsISO8601() last_used_at: string | null;
  @IsOptional() @IsISO8601() expires_at: string | null;
}

/** Creation is the only time the full key is shown. */
export class CreatedApiKeyView extends ApiKeyView {
  @IsString() key: string;
}

export class ApiKeyListView extends ListMeta {
  @ValidateNested({ each: true }) @Type(() => ApiKeyView) api_keys: ApiKeyView[];
}

export const ApiKeysCreate = endpoint<CreateApiKeyDto, Record<string, never>, CreatedApiKeyView>({
  method: 'POST',
  path: '/api/settings/api-keys',
  subject: 'auth.api_keys.create',
  access: { kind: 'user', accountSecurity: true, apiKeys: false },
  body: CreateApiKeyDto,
  response: CreatedApiKeyView,
  status: 201,
  summary: 'Create a scoped API key; the full key is in this answer only',
  tag: 'settings',
});

export const ApiKeysList = endpoint<Record<string, never>, ApiKeysQuery, ApiKeyListView>({
  method: 'GET',
  path: '/api/settings/api-keys',
  subject: 'auth.api_keys.list',
  access: { kind: 'user', accountSecurity: true, apiKeys: false },
  query: ApiKeysQuery,
  response: ApiKeyListView,
  status: 200,
  summary: "The caller's active API keys (never the keys themselves)",
  tag: 'settings',
});

export const ApiKeysRevoke = endpoint<Record<string, never>, Record<string, never>, void>({
  method: 'DELETE',
  path: '/api/settings/api-keys/:id',
  subject: 'auth.api_keys.revoke',
  params: IdParams,
  access: { kind: 'user', accountSecurity: true, apiKeys: false },
  status: 204,
  summary: 'Revoke an API key; it is refused at once',
  tag: 'settings',
});
