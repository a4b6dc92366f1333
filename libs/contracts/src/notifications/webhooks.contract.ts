import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { endpoint } from '../common/endpoint';
import { IdParams } from '../common/id-params';
import { ListMeta, PageQuery } from '../common/pagination';

/** The events a customer endpoint may subscribe to; each is delivered only for its owner's resources. */
export const WEBHOOK_EVENTS = [
  'sns.post.published',
  'sns.campaign.completed',
  'review.application.approved',
  'review.reward.received',
  'payment.completed',
  'payment.failed',
  'subscription.created',
  'subscription.cancelled',
  'invoice.generated',
  'order.created',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** What `POST .../test` sends: not subscribable, delivered to the one endpoint asked. */
export const WEBHOOK_TEST_EVENT = 'webhook.test';

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

const URL_RULES = { protocols: ['https', 'http'], require_protocol: true, require_tld: false, allow_underscores: true };

export class CreateWebhookDto {
  @IsUrl(URL_RULES) @MaxLength(2048) url: string;
  @ArrayMinSize(1) @ArrayMaxSize(WEBHOOK_EVENTS.length) @ArrayUnique() @IsIn(WEBHOOK_EVENTS, { each: true }) events: WebhookEvent[];
  @IsOptional() @IsString() @MaxLength(200) description?: string;
}

/** Absent fields stay as they are; `active: true` re-enables an endpoint disabled after failures. */
export class UpdateWebhookDto {
  @ValidateIf((_d, v) => v !== undefined) @IsUrl(URL_RULES) @MaxLength(2048) url?: string;
  @ValidateIf((_d, v) => v !== undefined)
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENTS.length)
  @ArrayUnique()
  @IsIn(WEBHOOK_EVENTS, { each: true })
  events?: WebhookEvent[];
  @IsOptional() @IsString() @MaxLength(200) description?: string;
  @ValidateIf((_d, v) => v !== undefined) @IsBoolean() active?: boolean;
}

export class WebhookView {
  @IsUUID() id: string;
  @IsString() url: string;
  @IsIn(WEBHOOK_EVENTS, { each: true }) events: WebhookEvent[];
  @IsOptional() @IsString() description: string | null;
  @IsBoolean() active: boolean;
  /** Why it was turned off (after too many failures in a row), or null. */
  @IsOptional() @IsString() disabled_reason: string | null;
  @IsInt() consecutive_failures: number;
  @IsISO8601() created_at: string;
  @IsISO8601() updated_at: string;
}

/** Creation and rotation show the signing secret, once; it is stored encrypted and never shown again. */
export class WebhookWithSecretView extends WebhookView {
  @IsString() secret: string;
}

export class WebhookListView extends ListMeta {
  @ValidateNested({ each: true }) @Type(() => WebhookView) webhooks: WebhookView[];
}

export class WebhookDeliveryView {
  /** Also the `X-Webhook-Id` of every attempt, and the body's `id`. */
  @IsUUID() id: string;
  @IsUUID() webhook_id: string;
  @IsString() event: string;
  @IsIn(WEBHOOK_DELIVERY_STATUSES) status: WebhookDeliveryStatus;
  @IsInt() attempts: number;
  @IsOptional() @IsInt() last_status_code: number | null;
  @IsOptional() @IsString() last_error: string | null;
  @IsOptional() @IsISO8601() next_attempt_at: string | null;
  @IsOptional() @IsISO8601() delivered_at: string | null;
  @IsISO8601() created_at: string;
}

export class WebhookDeliveryListView extends ListMeta {
  @ValidateNested({ each: true }) @Type(() => WebhookDeliveryView) deliveries: WebhookDeliveryView[];
}

export class WebhookDeliveryQuery extends PageQuery {
  @IsOptional() @IsIn(WEBHOOK_DELIVERY_STATUSES) status?: WebhookDeliveryStatus;
}

export class WebhookDeliveryParams {
  @IsUUID() id: string;
  @IsUUID() did: string;
}

export const WebhookCreate = endpoint<CreateWebhookDto, Record<string, never>, WebhookWithSecretView>({
  method: 'POST',
  path: '/api/settings/webhooks',
  subject: 'notifications.webhooks.create',
  access: { kind: 'user', scope: 'write:profile' },
  body: CreateWebhookDto,
  response: WebhookWithSecretView,
  status: 201,
  summary: 'Register an endpoint for signed event deliveries; the answer shows its secret, once',
  tag: 'webhooks',
  errors: [409],
});

export const WebhookList = endpoint<Record<string, never>, PageQuery, WebhookListView>({
  method: 'GET',
  path: '/api/settings/webhooks',
  subject: 'notifications.webhooks.list',
  access: { kind: 'user', scope: 'read:profile' },
  query: PageQuery,
  response: WebhookListView,
  status: 200,
  summary: "The caller's webhook endpoints",
  tag: 'webhooks',
});

export const WebhookGet = endpoint<Record<string, never>, Record<string, never>, WebhookView>({
  method: 'GET',
  path: '/api/settings/webhooks/:id',
  subject: 'notifications.webhooks.get',
  params: IdParams,
  access: { kind: 'user', scope: 'read:profile' },
  response: WebhookView,
  status: 200,
  summary: 'One webhook endpoint',
  tag: 'webhooks',
  errors: [404],
});

export const WebhookUpdate = endpoint<UpdateWebhookDto, Record<string, never>, WebhookView>({
  method: 'PUT',
  path: '/api/settings/webhooks/:id',
  subject: 'notifications.webhooks.update',
  params: IdParams,
  access: { kind: 'user', scope: 'write:profile' },
  body: UpdateWebhookDto,
  response: WebhookView,
  status: 200,
  summary: 'Change the URL, events or description, or turn an endpoint on or off',
  tag: 'webhooks',
  errors: [404],
});

export const WebhookDelete = endpoint<Record<string, never>, Record<string, never>, void>({
  method: 'DELETE',
  path: '/api/settings/webhooks/:id',
  subject: 'notifications.webhooks.delete',
  params: IdParams,
  access: { kind: 'user', scope: 'write:profile' },
  status: 204,
  summary: 'Remove an endpoint; its pending deliveries stop',
  tag: 'webhooks',
  errors: [404],
});

export const WebhookRotateSecret = endpoint<Record<string, never>, Record<string, never>, WebhookWithSecretView>({
  method: 'POST',
  path: '/api/settings/webhooks/:id/rotate-secret',
  subject: 'notifications.webhooks.rotate_secret',
  params: IdParams,
  access: { kind: 'user', scope: 'write:profile' },
  response: WebhookWithSecretView,
  status: 200,
  summary: 'Replace the signing secret; the answer shows the new one, once',
  tag: 'webhooks',
  errors: [404],
});

export const WebhookTest = endpoint<Record<string, never>, Record<string, never>, WebhookDeliveryView>({
  method: 'POST',
  path: '/api/settings/webhooks/:id/test',
  subject: 'notifications.webhooks.test',
  params: IdParams,
  access: { kind: 'user', scope: 'write:profile' },
  response: WebhookDeliveryView,
  status: 200,
  summary: 'Send a signed `webhook.test` delivery to the endpoint',
  tag: 'webhooks',
  errors: [404],
});

export const WebhookDeliveries = endpoint<Record<string, never>, WebhookDeliveryQuery, WebhookDeliveryListView>({
  method: 'GET',
  path: '/api/settings/webhooks/:id/deliveries',
  subject: 'notifications.webhooks.deliveries',
  params: IdParams,
  access: { kind: 'user', scope: 'read:profile' },
  query: WebhookDeliveryQuery,
  response: WebhookDeliveryListView,
  status: 200,
  summary: "An endpoint's deliveries, newest first",
  tag: 'webhooks',
  errors: [404],
});

export const WebhookRedeliver = endpoint<Record<string, never>, Record<string, never>, WebhookDeliveryView>({
  method: 'POST',
  path: '/api/settings/webhooks/:id/deliveries/:did/redeliver',
  subject: 'notifications.webhooks.redeliver',
  params: WebhookDeliveryParams,
  access: { kind: 'user', scope: 'write:profile' },
  response: WebhookDeliveryView,
  status: 200,
  summary: 'Send a finished delivery again (same id, a fresh round of attempts)',
  tag: 'webhooks',
  errors: [404, 409],
});
