import { Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsObject, IsOptional, ValidateNested } from 'class-validator';
import { endpoint } from '../common/endpoint';
import { NOTIFICATION_CATEGORIES, NotificationCategory } from './notifications.contract';

/** The channels of one category, each on or off. */
export class ChannelPreferences {
  @IsBoolean() in_app: boolean;
  @IsBoolean() email: boolean;
  @IsBoolean() push: boolean;
}

/** A change to one category: absent channels stay as they are. */
export class ChannelPreferencesUpdate {
  @IsOptional() @IsBoolean() in_app?: boolean;
  @IsOptional() @IsBoolean() email?: boolean;
  @IsOptional() @IsBoolean() push?: boolean;
}

export class CategoryPreferencesView {
  @ValidateNested() @Type(() => ChannelPreferences) bookings: ChannelPreferences;
  @ValidateNested() @Type(() => ChannelPreferences) payments: ChannelPreferences;
  @ValidateNested() @Type(() => ChannelPreferences) subscriptions: ChannelPreferences;
  @ValidateNested() @Type(() => ChannelPreferences) security: ChannelPreferences;
  @ValidateNested() @Type(() => ChannelPreferences) account: ChannelPreferences;
  @ValidateNested() @Type(() => ChannelPreferences) posts: ChannelPreferences;
  @ValidateNested() @Type(() => ChannelPreferences) reviews: ChannelPreferences;
  @ValidateNested() @Type(() => ChannelPreferences) automations: ChannelPreferences;
}

export class NotificationPreferencesView {
  @ValidateNested() @Type(() => CategoryPreferencesView) categories: CategoryPreferencesView;
}

export class CategoryPreferencesUpdate {
  @IsOptional() @ValidateNested() @Type(() => ChannelPreferencesUpdate) bookings?: ChannelPreferencesUpdate;
  @IsOptional() @ValidateNested() @Type(() => ChannelPreferencesUpdate) payments?: ChannelPreferencesUpdate;
  @IsOptional() @ValidateNested() @Type(() => ChannelPreferencesUpdate) subscriptions?: ChannelPreferencesUpdate;
  @IsOptional() @ValidateNested() @Type(() => ChannelPreferencesUpdate) security?: ChannelPreferencesUpdate;
  @IsOptional() @ValidateNested() @Type(() => ChannelPreferencesUpdate) account?: ChannelPreferencesUpdate;
  @IsOptional() @ValidateNested() @Type(() => ChannelPreferencesUpdate) posts?: ChannelPreferencesUpdate;
  @IsOptional() @ValidateNested() @Type(() => ChannelPreferencesUpdate) reviews?: ChannelPreferencesUpdate;
  @IsOptional() @ValidateNested() @Type(() => ChannelPreferencesUpdate) automations?: ChannelPreferencesUpdate;
}

export class UpdateNotificationPreferencesDto {
  @IsDefined() @IsObject() @ValidateNested() @Type(() => CategoryPreferencesUpdate) categories: CategoryPreferencesUpdate;
}

/** Categories in a fixed order, for code that walks them. */
export const PREFERENCE_CATEGORIES: readonly NotificationCategory[] = NOTIFICATION_CATEGORIES;
export const isNotificationCategory = (value: string): value is NotificationCategory =>
  (NOTIFICATION_CATEGORIES as readonly string[]).includes(value);

export const NotificationPreferencesGet = endpoint<Record<string, never>, Record<string, never>, NotificationPreferencesView>({
  method: 'GET',
  path: '/api/settings/notifications',
  subject: 'notifications.preferences.get',
  access: { kind: 'user', scope: 'read:profile' },
  response: NotificationPreferencesView,
  status: 200,
  summary: "The caller's notification preferences, per category and channel",
  tag: 'notifications',
});

export const NotificationPreferencesUpdate = endpoint<UpdateNotificationPreferencesDto, Record<string, never>, NotificationPreferencesView>(
  {
    method: 'PUT',
    path: '/api/settings/notifications',
    subject: 'notifications.preferences.update',
    access: { kind: 'user', scope: 'write:profile' },
    body: UpdateNotificationPreferencesDto,
    response: NotificationPreferencesView,
    status: 200,
    summary: 'Turn channels of categories on or off; what the body leaves out stays as it is',
    tag: 'notifications',
  },
);
