import { IsIn, IsISO8601, IsOptional, IsString, IsTimeZone, ValidateIf } from 'class-validator';
import { endpoint } from '../common/endpoint';
import { LANGUAGE_CODES, LanguageCode } from '../common/languages';

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];
export const DATE_FORMATS = ['YYYY-MM-DD', 'DD/MM/YYYY', 'MM/DD/YYYY'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

/** What an account that never saved preferences gets: the platform's home market. */
export const DEFAULT_PREFERENCES = { language: 'ko', timezone: 'Asia/Seoul', theme: 'system', date_format: 'YYYY-MM-DD' } as const;

export class UserPreferencesView {
  /** One of the languages `/api/i18n/languages` lists. */
  @IsIn(LANGUAGE_CODES) language: LanguageCode;
  /** An IANA time zone; schedules (SNS posts, automation triggers) are read in it. */
  @IsString() timezone: string;
  @IsIn(THEMES) theme: Theme;
  @IsIn(DATE_FORMATS) date_format: DateFormat;
  /** Null until the user first saves. */
  @IsOptional() @IsISO8601() updated_at: string | null;
}

/** A field left out keeps its value; null is not a value (422). */
const given = (_dto: object, value: unknown) => value !== undefined;

export class UpdateUserPreferencesDto {
  @ValidateIf(given) @IsIn(LANGUAGE_CODES) language?: LanguageCode;
  @ValidateIf(given) @IsString() @IsTimeZone() timezone?: string;
  @ValidateIf(given) @IsIn(THEMES) theme?: Theme;
  @ValidateIf(given) @IsIn(DATE_FORMATS) date_format?: DateFormat;
}

export const SettingsPreferences = endpoint<Record<string, never>, Record<string, never>, UserPreferencesView>({
  method: 'GET',
  path: '/api/settings/preferences',
  subject: 'auth.preferences.get',
  access: { kind: 'user', scope: 'read:profile' },
  response: UserPreferencesView,
  status: 200,
  summary: "The caller's display and locale preferences (defaults until first saved)",
  tag: 'settings',
});

export const SettingsUpdatePreferences = endpoint<UpdateUserPreferencesDto, Record<string, never>, UserPreferencesView>({
  method: 'PUT',
  path: '/api/settings/preferences',
  subject: 'auth.preferences.update',
  access: { kind: 'user', scope: 'write:profile' },
  body: UpdateUserPreferencesDto,
  response: UserPreferencesView,
  status: 200,
  summary: "Change the caller's language, time zone, theme or date format; announced as user.preferences_updated",
  tag: 'settings',
});
