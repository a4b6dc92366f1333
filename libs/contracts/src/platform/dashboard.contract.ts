import { Type } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsInt, IsISO8601, IsObject, IsOptional, IsString, IsUUID, ValidateNested } from 'class-validator';
import { endpoint } from '../common/endpoint';
import { ListMeta } from '../common/pagination';

/** The signed-in user as the platform knows them from auth's events (null until the first one arrives). */
export class DashboardUserView {
  @IsUUID() id: string;
  @IsOptional() @IsString() name: string | null;
  @IsOptional() @IsEmail() email: string | null;
}

export class DashboardSubscriptionView {
  /** The product's slug (`coocook`). */
  @IsString() product: string;
  @IsInt() product_id: number;
  /** The plan's slug (`pro`). */
  @IsString() plan: string;
  @IsIn(['monthly', 'annual']) plan_type: string;
  @IsString() status: string;
  @IsOptional() @IsISO8601() current_period_end: string | null;
}

/**
 * Usage per product, counted from its events: `bookings` and `recipes` for CooCook, `posts` and
 * `published` for SNS Auto, `campaigns` and `applications` for Review Campaign (`files` and
 * `bytes` of storage are the dashboard's `storage`).
 */
export class DashboardProductView {
  @IsInt() id: number;
  @IsString() slug: string;
  @IsString() name: string;
  @IsBoolean() subscribed: boolean;
  @IsObject() usage: Record<string, number>;
}

export class DashboardActivityView {
  /** The event type it comes from (`booking.created`, `recipe.published`, `file.uploaded`, `post.published`, `application.created`...). */
  @IsString() type: string;
  @IsString() title: string;
  @IsISO8601() at: string;
}

/** Files the user keeps in storage and their bytes. */
export class DashboardStorageView {
  @IsInt() files: number;
  @IsInt() bytes: number;
}

export class DashboardView {
  @ValidateNested() @Type(() => DashboardUserView) user: DashboardUserView;
  @ValidateNested({ each: true }) @Type(() => DashboardSubscriptionView) subscriptions: DashboardSubscriptionView[];
  @ValidateNested({ each: true }) @Type(() => DashboardProductView) products: DashboardProductView[];
  @ValidateNested() @Type(() => DashboardStorageView) storage: DashboardStorageView;
  @ValidateNested({ each: true }) @Type(() => DashboardActivityView) recent_activity: DashboardActivityView[];
  /** Null while no notification events feed the platform. */
  @IsInt() unread_notifications: number;
}

/** One product of the catalogue with the caller's entitlement to it. */
export class PlatformProductView {
  @IsInt() id: number;
  @IsString() slug: string;
  @IsString() name: string;
  @IsBoolean() subscribed: boolean;
  @IsOptional() @IsString() plan: string | null;
  @IsOptional() @IsString() status: string | null;
  @IsOptional() @IsISO8601() current_period_end: string | null;
}

export class PlatformProductListView extends ListMeta {
  @ValidateNested({ each: true }) @Type(() => PlatformProductView) products: PlatformProductView[];
}

export const PlatformDashboard = endpoint<Record<string, never>, Record<string, never>, DashboardView>({
  method: 'GET',
  path: '/api/platform/dashboard',
  subject: 'platform.dashboard.get',
  access: { kind: 'user', scope: 'read:profile' },
  response: DashboardView,
  status: 200,
  summary: "The caller's dashboard: profile, subscriptions, usage per product and recent activity",
  description:
    "Built from the other services' events, so a change shows within seconds of it. `unread_notifications` comes from the notifications service's events.",
  tag: 'Platform',
});

export const PlatformProducts = endpoint<Record<string, never>, Record<string, never>, PlatformProductListView>({
  method: 'GET',
  path: '/api/platform/products',
  subject: 'platform.products.list',
  access: { kind: 'user', scope: 'read:profile' },
  response: PlatformProductListView,
  status: 200,
  summary: 'The product catalogue with the caller’s subscription to each',
  tag: 'Platform',
});
