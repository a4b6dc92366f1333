import { DeliverPolicy, jetstream } from '@nats-io/jetstream';
import { NatsConnection, Subscription } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { ACCESS_TOKEN_TTL_SECONDS, EventOf, GatewayAuthFeed } from '@sf/contracts';
import { ensureEventStreams, EventsConfig, eventsStreamName } from '@sf/events/streams';
import { AccessList } from './access-list';
import { RevocationList } from './revocation-list';
import { TierList } from './tier-list';

type AuthEvent = EventOf<(typeof GatewayAuthFeed)['reads']>;

/**
 * Feeds a gateway's revocation, tier and access lists from the auth service's events. At start it
 * replays the last token lifetime of them from the EVENTS stream (an ordered consumer), then
 * follows the stream; a plain subscription on the same subjects applies each one the moment it
 * is published, so a reply never overtakes its revocation. Applying one twice is harmless.
 */
export class AuthEventFeed {
  private subscription: Subscription | null = null;
  private stopConsumer: (() => Promise<void>) | null = null;
  caughtUp = false;

  constructor(
    private readonly nats: NatsConnection,
    private readonly events: EventsConfig,
    private readonly revocations: RevocationList,
    private readonly tiers: TierList,
    private readonly logger: Logger,
    private readonly access: AccessList = new AccessList(),
  ) {}

  async start(): Promise<void> {
    const subject = this.events.subjectPrefix + GatewayAuthFeed.reads.subject;
    this.subscription = this.nats.subscribe(subject, {
      callback: (error, msg) => {
        if (!error) this.apply(msg.data);
      },
    });

    await ensureEventStreams(this.nats, this.events);
    const consumer = await jetstream(this.nats).consumers.get(eventsStreamName(this.events), {
      filter_subjects: subject,
      deliver_policy: DeliverPolicy.StartTime,
      opt_start_time: new Date(Date.now() - ACCESS_TOKEN_TTL_SECONDS * 1000).toISOString(),
    });
    const messages = await consumer.consume();
    if ((await consumer.info(true)).num_pending === 0) this.caughtUp = true;
    const loop = (async () => {
      for await (const msg of messages) {
        this.apply(msg.data);
        if (msg.info.pending === 0) this.caughtUp = true;
      }
    })();
    this.stopConsumer = async () => {
      await messages.close();
      await loop.catch(() => undefined);
    };
  }

  async stop(): Promise<void> {
    this.subscription?.unsubscribe();
    await this.stopConsumer?.();
  }

  private apply(raw: Uint8Array): void {
    try {
      const event = JSON.parse(Buffer.from(raw).toString('utf8')) as AuthEvent;
      switch (event.type) {
        case 'user.tier_changed':
          return this.tiers.apply(event.data.user_id, event.data.tier, Date.parse(event.time) || Date.now());
        case 'user.role_changed':
          return this.access.apply(event.data, Date.parse(event.time) || Date.now());
        case 'auth.session.revoked':
        case 'auth.api_key.revoked':
          return this.revocations.apply(event.data);
        case 'user.deleted':
          return this.revocations.apply({ kind: 'user', user_id: event.data.user_id, until: event.data.until });
        default:
          return; // the other auth events change nothing a gateway holds
      }
    } catch (error) {
      this.logger.warn({ err: String(error) }, 'unreadable auth event');
    }
  }
}
