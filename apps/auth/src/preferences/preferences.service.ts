import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DEFAULT_PREFERENCES, UpdateUserPreferencesDto, UserContext, UserPreferencesView } from '@sf/contracts';
import { AuthEventLog } from '../events/auth-event-log';
import { UserPreferences } from './user-preferences.entity';

@Injectable()
export class PreferencesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly events: AuthEventLog,
  ) {}

  async get(ctx: UserContext): Promise<UserPreferencesView> {
    const row = await this.dataSource.getRepository(UserPreferences).findOneBy({ userId: ctx.user_id });
    return toView(row);
  }

  /** Upsert under a row lock, so two concurrent partial updates both land; announced only when language or time zone moved. */
  async update(ctx: UserContext, dto: UpdateUserPreferencesDto): Promise<UserPreferencesView> {
    const userId = ctx.user_id;
    const saved = await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO user_preferences (user_id, language, timezone, theme, date_format) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (user_id) DO NOTHING`,
        [userId, DEFAULT_PREFERENCES.language, DEFAULT_PREFERENCES.timezone, DEFAULT_PREFERENCES.theme, DEFAULT_PREFERENCES.date_format],
      );
      const row = await manager.findOneOrFail(UserPreferences, { where: { userId }, lock: { mode: 'pessimistic_write' } });
      const before = { language: row.language, timezone: row.timezone };
      if (dto.language !== undefined) row.language = dto.language;
      if (dto.timezone !== undefined) row.timezone = dto.timezone;
      if (dto.theme !== undefined) row.theme = dto.theme;
      if (dto.date_format !== undefined) row.dateFormat = dto.date_format;
      const saved = await manager.save(UserPreferences, row);
      if (saved.language !== before.language || saved.timezone !== before.timezone) {
        await this.events.record(manager, 'user.preferences_updated', userId, {
          user_id: userId,
          language: saved.language,
          timezone: saved.timezone,
        });
      }
      return saved;
    });
    return toView(saved);
  }
}

function toView(row: UserPreferences | null): UserPreferencesView {
  if (!row) return { ...DEFAULT_PREFERENCES, updated_at: null };
  return {
    language: row.language,
    timezone: row.timezone,
    theme: row.theme,
    date_format: row.dateFormat,
    updated_at: row.updatedAt.toISOString(),
  };
}
