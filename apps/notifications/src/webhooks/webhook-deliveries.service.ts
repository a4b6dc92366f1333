import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { DataSource, EntityManager } from 'typeorm';
import { returnedRows } from '@sf/database';
import { Jobs } from '@sf/jobs';
import { InboxService } from '../inbox/inbox.service';
import { AccountMail } from '../mail/account-mail.service';
import { notificationId } from '../inbox/notification-id';
import { NOTIFICATIONS_CONFIG, NotificationsConfig } from '../notifications.config';
import { NOTIFICATIONS_LOGGER } from '../notifications.tokens';
import { SecretBox } from './secret-box';
import { DELIVERY_COLUMNS, DeliveryRow, ENDPOINT_COLUMNS, EndpointRow } from './webhook-views';
import { AttemptOutcome, sendDelivery } from './webhook-sender';
import { inTransaction } from '@sf/idempotency';

export const WEBHOOK_DELIVERY_QUEUE = 'webhook-delivery';

interface AttemptJob {
  delivery_id: string;
  /** 1 for the first attempt. */
  attempt: number;
}

/**
 * Delivers webhooks as jobs of the service's Postgres queue, one job per attempt. Each job's id
 * derives from (delivery, attempt), so an attempt is enqueued once however often its enqueuing
 * transaction is retried; an attempt already recorded is skipped, so a job run twice (a crash
 * after the POST, before completion) posts twice at most, with the same `X-Webhook-Id`.
 */
@Injectable()
export class WebhookDeliveries implements OnModuleInit {
  private readonly box: SecretBox;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: Jobs,
    private readonly inbox: InboxService,
    private readonly accountMail: AccountMail,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
    @Inject(NOTIFICATIONS_LOGGER) private readonly logger: Logger,
  ) {
    this.box = new SecretBox(config.webhooks.secretKey);
  }

  onModuleInit(): void {
    this.jobs.define<AttemptJob>(WEBHOOK_DELIVERY_QUEUE, (data) => this.attempt(data), {
      // Retries here are for this service's own failures (its database); the receiver's are new jobs.
      retryLimit: 10,
      retryDelaySeconds: 2,
      expireInSeconds: Math.ceil(this.config.webhooks.timeoutMs / 1000) + 30,
      concurrency: 5,
    });
  }

  /** Enqueues attempt `attempt` of a delivery, in the caller's transaction. */
  async enqueue(manager: EntityManager, deliveryId: string, attempt: number, startAfter?: Date): Promise<void> {
    await this.jobs.send<AttemptJob>(
      WEBHOOK_DELIVERY_QUEUE,
      { delivery_id: deliveryId, attempt },
      { manager, startAfter, id: notificationId(deliveryId, String(attempt), 'webhook-attempt') },
    );
  }

  /** The gap before attempt `next`: doubling from the base, up to 25% jitter, at least what `Retry-After` asked. */
  delayBefore(next: number, retryAfterMs: number | null): number {
    const { retryBaseMs, retryMaxMs } = this.config.webhooks;
    const backoff = retryBaseMs * 2 ** (next - 2) * (1 + Math.random() * 0.25);
    return Math.min(retryMaxMs, Math.max(backoff, retryAfterMs ?? 0));
  }

  private async attempt(job: AttemptJob): Promise<void> {
    const [delivery] = (await this.dataSource.query(`SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE id = $1`, [
      job.delivery_id,
    ])) as DeliveryRow[];
    if (!delivery || delivery.status !== 'pending' || delivery.attempts !== job.attempt - 1) return; // done, or not this attempt's turn
    const [endpoint] = (await this.dataSource.query(`SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE id = $1`, [
      delivery.endpoint_id,
    ])) as EndpointRow[];
    const outcome: AttemptOutcome =
      endpoint && endpoint.active
        ? await sendDelivery(
            { id: delivery.id, url: endpoint.url, body: delivery.body, secret: this.box.open(endpoint.secret_sealed) },
            this.config.webhooks,
            this.config.webhooks.timeoutMs,
          )
        : { kind: 'rejected', status: null, error: 'the endpoint is disabled' };
    await this.record(delivery, job.attempt, outcome, !!endpoint?.active);
  }

  private async record(delivery: DeliveryRow, attempt: number, outcome: AttemptOutcome, counted: boolean): Promise<void> {
    await inTransaction(this.dataSource, async (manager) => {
      const retry = outcome.kind === 'retry' && attempt < delivery.attempt_limit;
      const nextAt = retry ? new Date(Date.now() + this.delayBefore(attempt + 1, outcome.retryAfterMs)) : null;
      const status = outcome.kind === 'delivered' ? 'succeeded' : retry ? 'pending' : 'failed';
      const updated = returnedRows<{ id: string }>(
        await manager.query(
          `UPDATE webhook_deliveries SET attempts = $2::int, status = $3::varchar, last_status_code = $4::int, last_error = $5::varchar, next_attempt_at = $6::timestamptz,
             delivered_at = CASE WHEN $3::varchar = 'succeeded' THEN now() ELSE delivered_at END
           WHERE id = $1 AND attempts = $2::int - 1 AND status = 'pending' RETURNING id`,
          [delivery.id, attempt, status, outcome.status, outcome.kind === 'delivered' ? null : outcome.error.slice(0, 500), nextAt],
        ),
      );
      if (updated.length === 0) return; // another run recorded this attempt
      if (retry && nextAt) await this.enqueue(manager, delivery.id, attempt + 1, nextAt);
      if (!counted) return;
      if (outcome.kind === 'delivered') {
        await manager.query(`UPDATE webhook_endpoints SET consecutive_failures = 0 WHERE id = $1 AND consecutive_failures <> 0`, [
          delivery.endpoint_id,
        ]);
        return;
      }
      await this.countFailure(manager, delivery, attempt);
    });
  }

  /** One more failure in a row; at the threshold the endpoint is disabled and its owner told. */
  private async countFailure(manager: EntityManager, delivery: DeliveryRow, attempt: number): Promise<void> {
    const threshold = this.config.webhooks.disableAfterFailures;
    const [endpoint] = returnedRows<{ user_id: string; url: string; consecutive_failures: number }>(
      await manager.query(
        `UPDATE webhook_endpoints SET consecutive_failures = consecutive_failures + 1,
           active = CASE WHEN consecutive_failures + 1 >= $2::int THEN false ELSE active END,
           disabled_reason = CASE WHEN consecutive_failures + 1 >= $2::int THEN $3::varchar ELSE disabled_reason END
         WHERE id = $1 AND active RETURNING user_id, url, consecutive_failures`,
        [delivery.endpoint_id, threshold, `${threshold} failed deliveries in a row`],
      ),
    );
    if (!endpoint || endpoint.consecutive_failures !== threshold) return;
    this.logger.warn({ webhook_id: delivery.endpoint_id }, 'webhook endpoint disabled after failures');
    await this.inbox.notify(manager, {
      eventId: `${delivery.id}:${attempt}`,
      userId: endpoint.user_id,
      category: 'account',
      type: 'webhook.disabled',
      title: 'Webhook endpoint disabled',
      body: `${endpoint.url} failed ${threshold} times in a row and receives no more events until you turn it back on.`,
      data: { webhook_id: delivery.endpoint_id },
      alert: { kind: 'webhook_endpoint_disabled', severity: 'warning' },
    });
    await this.accountMail.enqueue(manager, {
      user_id: endpoint.user_id,
      key: `webhook-disabled:${delivery.id}:${attempt}`,
      subject: 'A webhook endpoint of yours was disabled',
      text:
        `Your webhook endpoint ${endpoint.url} failed ${threshold} times in a row, so it receives no more events.\n` +
        'Fix it, then turn it back on under Settings > Webhooks; failed deliveries can be sent again from there.',
    });
  }
}
