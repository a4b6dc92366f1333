import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  BinaryReply,
  CoverageView,
  LANGUAGE_CODES,
  LanguageCode,
  LANGUAGES,
  LanguagesView,
  listView,
  MAX_KEY_LENGTH,
  MAX_TRANSLATIONS_PER_REQUEST,
  MAX_VALUE_LENGTH,
  REFERENCE_LANGUAGE,
  resolvePage,
  SetTranslationsDto,
  SetTranslationsView,
  SHIPPED_STRINGS,
  STRING_KEY,
  StringListView,
  StringsQuery,
  TranslationErrorView,
  TranslationView,
  UserContext,
} from '@sf/contracts';
import { NotFound, ValidationFailed } from '@sf/errors';
import { PlatformEventLog } from '../events/platform-event-log';
import { Translation } from './translation.entity';
import { inTransaction } from '@sf/idempotency';

const DEFAULT_STRINGS_LIMIT = 1000;

function moduleOf(key: string): string {
  return key.slice(0, key.indexOf('.'));
}

/** The platform's translations: served to every signed-in user, set by admins and translators. */
@Injectable()
export class I18nService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: PlatformEventLog,
  ) {}

  /** Writes the shipped strings that are missing; never overwrites what a translator set. */
  async seed(): Promise<void> {
    const rows = Object.entries(SHIPPED_STRINGS).flatMap(([language, strings]) =>
      Object.entries(strings).map(([key, value]) => ({ language, key, module: moduleOf(key), value, updatedBy: null })),
    );
    await this.dataSource.createQueryBuilder().insert().into(Translation).values(rows).orIgnore().execute();
  }

  languages(): LanguagesView {
    return { languages: LANGUAGES.map((l) => ({ ...l })) };
  }

  async list(language: LanguageCode, query: StringsQuery): Promise<StringListView> {
    const page = resolvePage({ page: query.page, limit: query.limit ?? DEFAULT_STRINGS_LIMIT });
    const where = query.module ? { language, module: query.module } : { language };
    const [rows, total] = await this.dataSource
      .getRepository(Translation)
      .findAndCount({ where, order: { key: 'ASC' }, skip: page.offset, take: page.limit });
    const strings = rows.map((t) => ({ key: t.key, value: t.value, last_updated: t.updatedAt.toISOString() }));
    return { language, ...listView('strings', strings, total, page) };
  }

  async get(language: LanguageCode, key: string): Promise<TranslationView> {
    const repository = this.dataSource.getRepository(Translation);
    const found = (await repository.findOneBy({ language, key })) ?? (await repository.findOneBy({ language: REFERENCE_LANGUAGE, key }));
    if (!found) throw new NotFound('String');
    return {
      key,
      value: found.value,
      language: found.language,
      requested_language: language,
      fallback: found.language !== language,
      last_updated_by: found.updatedBy,
      last_updated: found.updatedAt.toISOString(),
    };
  }

  /**
   * Saves the valid entries and reports each invalid one; the change and who made it are recorded
   * as `i18n.strings.updated` in the same transaction.
   */
  async set(ctx: UserContext, dto: SetTranslationsDto): Promise<SetTranslationsView> {
    const entries = Object.entries(dto.translations);
    if (entries.length === 0) throw new ValidationFailed({ translations: ['must name at least one key'] });
    if (entries.length > MAX_TRANSLATIONS_PER_REQUEST) {
      throw new ValidationFailed({ translations: [`at most ${MAX_TRANSLATIONS_PER_REQUEST} keys per request`] });
    }
    const errors: TranslationErrorView[] = [];
    const valid: [string, string][] = [];
    for (const [key, value] of entries) {
      if (key.length > MAX_KEY_LENGTH || !STRING_KEY.test(key))
        errors.push({ key, message: 'key must look like module.name (a-z, 0-9, _)' });
      else if (typeof value !== 'string' || value.trim() === '') errors.push({ key, message: 'value must be a non-empty string' });
      else if (value.length > MAX_VALUE_LENGTH) errors.push({ key, message: `value must be at most ${MAX_VALUE_LENGTH} characters` });
      else valid.push([key, value]);
    }
    if (valid.length === 0) return { updated_count: 0, errors };
    await inTransaction(this.dataSource, async (manager) => {
      for (const [key, value] of valid) {
        await manager.query(
          `INSERT INTO translations (language, key, module, value, updated_by) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (language, key) DO UPDATE SET value = excluded.value, updated_by = excluded.updated_by, updated_at = now()`,
          [dto.language, key, moduleOf(key), value, ctx.user_id],
        );
      }
      await this.events.record(manager, 'i18n.strings.updated', dto.language, {
        language: dto.language,
        keys: valid.map(([key]) => key),
        updated_by: ctx.user_id,
      });
    });
    return { updated_count: valid.length, errors };
  }

  async coverage(): Promise<CoverageView> {
    const rows = (await this.dataSource.query(
      `SELECT l.language, array_remove(array_agg(r.key ORDER BY r.key) FILTER (WHERE t.key IS NULL), NULL) AS missing,
              (SELECT count(*)::int FROM translations WHERE language = $1) AS total
         FROM unnest($2::text[]) AS l(language)
         CROSS JOIN (SELECT key FROM translations WHERE language = $1) AS r
         LEFT JOIN translations t ON t.language = l.language AND t.key = r.key
        GROUP BY l.language`,
      [REFERENCE_LANGUAGE, LANGUAGE_CODES],
    )) as { language: string; missing: string[] | null; total: number }[];
    const total = rows[0]?.total ?? 0;
    const languages: Record<string, number> = {};
    const missing: Record<string, string[]> = {};
    for (const code of LANGUAGE_CODES) {
      const row = rows.find((r) => r.language === code);
      const lacking = row?.missing ?? [];
      missing[code] = lacking;
      languages[code] = total === 0 ? 100 : Math.round(((total - lacking.length) / total) * 1000) / 10;
    }
    return { total_keys: total, languages, missing_keys: missing };
  }

  /** The language pack: `{language, strings: {key: value}}`, the same bytes for the same strings (the gateway's `ETag` is of these bytes). */
  async download(language: LanguageCode): Promise<BinaryReply> {
    const rows = await this.dataSource.getRepository(Translation).find({ where: { language }, order: { key: 'ASC' } });
    const pack = JSON.stringify({ language, strings: Object.fromEntries(rows.map((t) => [t.key, t.value])) });
    return {
      content_type: 'application/json; charset=utf-8',
      filename: `${language}.json`,
      content_base64: Buffer.from(pack).toString('base64'),
    };
  }
}
