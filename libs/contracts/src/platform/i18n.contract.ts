import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { endpoint } from '../common/endpoint';
import { LANGUAGE_CODES, LanguageCode } from '../common/languages';
import { ListMeta } from '../common/pagination';

export const REFERENCE_LANGUAGE: LanguageCode = 'en';

/** `module.name` (dots between parts, each of lower-case letters, digits and `_`): `errors.not_found`. */
export const STRING_KEY = /^[a-z0-9_]+(\.[a-z0-9_]+)+$/;
export const MAX_KEY_LENGTH = 200;
export const MAX_VALUE_LENGTH = 5000;
export const MAX_TRANSLATIONS_PER_REQUEST = 500;
export const MAX_STRINGS_LIMIT = 5000;

export class LanguageView {
  @IsString() code: string;
  @IsString() name: string;
  @IsString() native_name: string;
  @IsString() flag_emoji: string;
}

export class LanguagesView {
  @ValidateNested({ each: true }) @Type(() => LanguageView) languages: LanguageView[];
}

export class LanguageParams {
  @IsIn(LANGUAGE_CODES) lang: LanguageCode;
}

export class StringParams extends LanguageParams {
  @Matches(STRING_KEY) @MaxLength(MAX_KEY_LENGTH) key: string;
}

export class StringsQuery {
  /** The part of the key before its first dot (`errors`, `notifications`). */
  @IsOptional() @Matches(/^[a-z0-9_]+$/) @MaxLength(50) module?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) page?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_STRINGS_LIMIT) limit?: number;
}

export class StringView {
  @IsString() key: string;
  @IsString() value: string;
  @IsISO8601() last_updated: string;
}

export class StringListView extends ListMeta {
  @IsString() language: string;
  @ValidateNested({ each: true }) @Type(() => StringView) strings: StringView[];
}

export class TranslationView {
  @IsString() key: string;
  @IsString() value: string;
  /** The language of `value`: the one asked for, or `en` when it has no translation yet. */
  @IsString() language: string;
  @IsString() requested_language: string;
  /** True when `value` is the English fallback. */
  @IsBoolean() fallback: boolean;
  /** Null for strings shipped with the platform. */
  @IsOptional() @IsUUID() last_updated_by: string | null;
  @IsISO8601() last_updated: string;
}

export class SetTranslationsDto {
  @IsIn(LANGUAGE_CODES) language: LanguageCode;
  /** Key → text; each key is checked on its own, and a bad one is reported in `errors` while the rest are saved. */
  @IsObject() translations: Record<string, unknown>;
}

export class TranslationErrorView {
  @IsString() key: string;
  @IsString() message: string;
}

export class SetTranslationsView {
  @IsInt() updated_count: number;
  @ValidateNested({ each: true }) @Type(() => TranslationErrorView) errors: TranslationErrorView[];
}

export class CoverageView {
  /** Keys of the reference language (English). */
  @IsInt() total_keys: number;
  /** Percent of the reference keys each language has, to one decimal: `{ko: 100, ja: 62.5}`. */
  @IsObject() languages: Record<string, number>;
  /** The reference keys each language lacks. */
  @IsObject() missing_keys: Record<string, string[]>;
}

export const I18nLanguages = endpoint<Record<string, never>, Record<string, never>, LanguagesView>({
  method: 'GET',
  path: '/api/i18n/languages',
  subject: 'platform.i18n.languages',
  access: { kind: 'user' },
  response: LanguagesView,
  status: 200,
  summary: 'The languages served: ko, en, ja, zh',
  tag: 'i18n',
});

export const I18nStrings = endpoint<Record<string, never>, StringsQuery, StringListView>({
  method: 'GET',
  path: '/api/i18n/strings/:lang',
  subject: 'platform.i18n.strings.list',
  access: { kind: 'user' },
  params: LanguageParams,
  query: StringsQuery,
  response: StringListView,
  status: 200,
  summary: 'The strings of one language, by key, optionally of one module (`limit` up to 5000)',
  tag: 'i18n',
});

export const I18nString = endpoint<Record<string, never>, Record<string, never>, TranslationView>({
  method: 'GET',
  path: '/api/i18n/strings/:lang/:key',
  subject: 'platform.i18n.strings.get',
  access: { kind: 'user' },
  params: StringParams,
  response: TranslationView,
  status: 200,
  summary: 'One string; without a translation in the language, the English one, saying so (`fallback: true`)',
  errors: [404],
  tag: 'i18n',
});

export const I18nSetStrings = endpoint<SetTranslationsDto, Record<string, never>, SetTranslationsView>({
  method: 'POST',
  path: '/api/i18n/strings',
  subject: 'platform.i18n.strings.set',
  access: { kind: 'user', permission: 'TRANSLATIONS_MANAGE' },
  body: SetTranslationsDto,
  response: SetTranslationsView,
  status: 200,
  summary: 'Add or change strings of one language (admins and translators); each change is recorded as an event',
  errors: [403],
  tag: 'i18n',
});

export const I18nCoverage = endpoint<Record<string, never>, Record<string, never>, CoverageView>({
  method: 'GET',
  path: '/api/i18n/coverage',
  subject: 'platform.i18n.coverage',
  access: { kind: 'user' },
  response: CoverageView,
  status: 200,
  summary: 'How much of the English strings each language has, and which keys it lacks',
  tag: 'i18n',
});

export const I18nDownload = endpoint<Record<string, never>, Record<string, never>, void>({
  method: 'GET',
  path: '/api/i18n/download/:lang',
  subject: 'platform.i18n.download',
  access: { kind: 'user' },
  params: LanguageParams,
  binary: true,
  status: 200,
  summary: 'The language pack: a JSON document of key → text, with an `ETag` (304 to a matching `If-None-Match`)',
  tag: 'i18n',
});
