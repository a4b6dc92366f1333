import type { WebhookDeliveryStatus, WebhookDeliveryView, WebhookEvent, WebhookView } from '@sf/contracts';

export interface EndpointRow {
  id: string;
  user_id: string;
  url: string;
  events: string[];
  description: string | null;
  secret_sealed: string;
  active: boolean;
  disabled_reason: string | null;
  consecutive_failures: number;
  created_at: Date;
  updated_at: Date;
}

export interface DeliveryRow {
  id: string;
  endpoint_id: string;
  event: string;
  body: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  attempt_limit: number;
  last_status_code: number | null;
  last_error: string | null;
  next_attempt_at: Date | null;
  delivered_at: Date | null;
  created_at: Date;
}

export const ENDPOINT_COLUMNS =
  'id, user_id, url, events, description, secret_sealed, active, disabled_reason, consecutive_failures, created_at, updated_at';
export const DELIVERY_COLUMNS =
  'id, endpoint_id, event, body, status, attempts, attempt_limit, last_status_code, last_error, next_attempt_at, delivered_at, created_at';

export function toWebhookView(row: EndpointRow): WebhookView {
  return {
    id: row.id,
    url: row.url,
    events: row.events as WebhookEvent[],
    description: row.description,
    active: row.active,
    disabled_reason: row.disabled_reason,
    consecutive_failures: row.consecutive_failures,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

export function toDeliveryView(row: DeliveryRow): WebhookDeliveryView {
  return {
    id: row.id,
    webhook_id: row.endpoint_id,
    event: row.event,
    status: row.status,
    attempts: row.attempts,
    last_status_code: row.last_status_code,
    last_error: row.last_error,
    next_attempt_at: row.next_attempt_at?.toISOString() ?? null,
    delivered_at: row.delivered_at?.toISOString() ?? null,
    created_at: row.created_at.toISOString(),
  };
}
