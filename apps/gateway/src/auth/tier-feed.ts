import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DeliverPolicy, jetstream } from '@nats-io/jetstream';
import { NatsConnection, Subscription } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { ACCESS_TOKEN_TTL_SECONDS, Tier, TIERS } from '@sf/contracts';
import { CloudEvent, ensureEventStreams, eventsStreamName } from '@sf/events/streams';
import { NATS_CONNECTION } from '@sf/messaging';
import { GATEWAY_CONFIG, GatewayConfig } from '../gateway.config';
import { GATEWAY_LOGGER } from '../http/request-context';

interface TierChanged {
  user_id: string;
  tier: Tier;
}

/**
 * The plan tier of users whose plan changed within a token's lifetime, from the auth service's
 * `user.tier_changed` events, so rate limits follow a new plan at once rather than at the next
 * token. It follows the events as they are published and, at start, reads once the last token
 * lifetime of them from the stream. Older entries are dropped: every token alive by then was
 * issued with the new tier.
 */
@Injectable()
export class TierFeed implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly tiers = new Map<string, { tier: Tier; at: number }>();
  private subscription: Subscription | null = null;
  private pruneTimer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(GATEWAY_LOGGER) private readonly logger: Logger,
  ) {}

  /** The user's current tier when it changed recently, else undefined (the credential's own tier holds). */
  tierOf(userId: string | null): Tier | undefined {
    return userId ? this.tiers.get(userId)?.tier : undefined;
  }

  async onApplicationBootstrap(): Promise<void> {
    const subject = `${this.config.events.subjectPrefix}events.auth.user.tier_changed`;
    // Live first, then the replay: an event in between arrives twice, and applying it twice is harmless.
    this.subscription = this.nats.subscribe(subject, {
      callback: (error, msg) => {
        if (!error) this.apply(msg.data);
      },
    });
    this.pruneTimer = setInterval(() => this.prune(), 60_000).unref();
    try {
      await this.replay(subject);
    } catch (error) {
      // Tiers from tokens still hold; only the immediacy for older changes is lost.
      this.logger.warn({ err: String(error) }, 'tier feed could not replay recent changes');
    }
  }

  /** One bounded read of the last token lifetime of changes; nothing is left running. */
  private async replay(subject: string): Promise<void> {
    await ensureEventStreams(this.nats, this.config.events);
    const consumer = await jetstream(this.nats).consumers.get(eventsStreamName(this.config.events), {
      filter_subjects: subject,
      deliver_policy: DeliverPolicy.StartTime,
      opt_start_time: new Date(Date.now() - ACCESS_TOKEN_TTL_SECONDS * 1000).toISOString(),
    });
    try {
      const pending = (await consumer.info(true)).num_pending;
      if (pending === 0) return;
      let seen = 0;
      for await (const msg of await consumer.fetch({ max_messages: pending, expires: 5000 })) {
        this.apply(msg.data);
        if (++seen >= pending) break;
      }
    } finally {
      await consumer.delete().catch(() => undefined);
    }
  }

  onModuleDestroy(): void {
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    this.subscription?.unsubscribe();
  }

  private apply(raw: Uint8Array): void {
    try {
      const event = JSON.parse(Buffer.from(raw).toString('utf8')) as CloudEvent<TierChanged>;
      const { user_id: userId, tier } = event.data ?? ({} as TierChanged);
      if (event.type !== 'user.tier_changed' || typeof userId !== 'string' || !TIERS.includes(tier)) return;
      const at = Date.parse(event.time) || Date.now();
      const known = this.tiers.get(userId);
      // The live subscription and the replay may both deliver an event: the newest wins.
      if (!known || known.at <= at) this.tiers.set(userId, { tier, at });
    } catch (error) {
      this.logger.warn({ err: String(error) }, 'unreadable tier event');
    }
  }

  private prune(): void {
    const horizon = Date.now() - ACCESS_TOKEN_TTL_SECONDS * 1000;
    for (const [userId, entry] of this.tiers) if (entry.at < horizon) this.tiers.delete(userId);
  }
}
