import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { SettingsView, UpdateSettingsDto, UserContext } from '@sf/contracts';
import { Entitlements } from '@sf/entitlements';
import { ValidationFailed } from '@sf/errors';
import { SNS_PRODUCT } from '../accounts/accounts.service';
import { SnsSettings } from './settings.entity';

export const DEFAULT_TIME_ZONE = 'Asia/Seoul';

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** A user's SNS settings (banned keywords, time zone), with the defaults when none were saved. */
@Injectable()
export class SettingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly entitlements: Entitlements,
  ) {}

  async get(ctx: UserContext): Promise<SettingsView> {
    await this.entitlements.require(ctx, SNS_PRODUCT);
    return this.view(await this.of(this.dataSource.manager, ctx.user_id), ctx.user_id);
  }

  async update(ctx: UserContext, dto: UpdateSettingsDto): Promise<SettingsView> {
    await this.entitlements.require(ctx, SNS_PRODUCT);
    if (dto.time_zone !== undefined && !isTimeZone(dto.time_zone)) throw new ValidationFailed({ time_zone: ['is not a known time zone'] });
    const current = await this.of(this.dataSource.manager, ctx.user_id);
    const saved = await this.dataSource.getRepository(SnsSettings).save({
      userId: ctx.user_id,
      bannedKeywords: dto.banned_keywords
        ? [...new Set(dto.banned_keywords.map((k) => k.trim().toLowerCase()).filter(Boolean))]
        : (current?.bannedKeywords ?? []),
      timeZone: dto.time_zone ?? current?.timeZone ?? DEFAULT_TIME_ZONE,
    });
    return this.view(saved, ctx.user_id);
  }

  of(manager: EntityManager, userId: string): Promise<SnsSettings | null> {
    return manager.findOneBy(SnsSettings, { userId });
  }

  /** Refuses text holding one of the user's banned keywords (422 naming `field`). */
  async checkContent(manager: EntityManager, userId: string, text: string, field = 'content'): Promise<void> {
    const settings = await this.of(manager, userId);
    const lower = text.toLowerCase();
    const banned = (settings?.bannedKeywords ?? []).filter((k) => lower.includes(k));
    if (banned.length) throw new ValidationFailed({ [field]: [`contains banned keywords: ${banned.join(', ')}`] });
  }

  private view(settings: SnsSettings | null, _userId: string): SettingsView {
    return {
      banned_keywords: settings?.bannedKeywords ?? [],
      time_zone: settings?.timeZone ?? DEFAULT_TIME_ZONE,
      updated_at: (settings?.updatedAt ?? new Date(0)).toISOString(),
    };
  }
}
