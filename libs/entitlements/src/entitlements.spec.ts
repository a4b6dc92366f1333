import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, headers, NatsConnection } from '@nats-io/transport-node';
import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { randomBytes, randomUUID } from 'node:crypto';
import pino from 'pino';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { DEFAULT_DATABASE_URL, DEFAULT_NATS_URL } from '@sf/config';
import { CallerContext, eventConsumer, PaymentEvents, selectEvents, SubscriptionEventData } from '@sf/contracts';
import { dropDatabase, provisionDatabase, roleUrl, serviceDataSourceOptions } from '@sf/database';
import { DomainError } from '@sf/errors';
import { CloudEvent, deadLetterStreamName, EVENT_ENTITIES, EventsConfig, EventsModule, eventsStreamName } from '@sf/events';
import { NatsModule } from '@sf/messaging';
import { eventually } from '@sf/testing';
import { ENTITLEMENT_ENTITIES, Entitlements, EntitlementsModule } from './index';

/** The service playing the consumer (as coocook would): its own role, schema and streams. */
const SERVICE = 'enttest';
const NATS_URL = process.env.NATS_URL ?? DEFAULT_NATS_URL;

function ctxOf(userId: string | null, roles: CallerContext['roles'] = ['user']): CallerContext {
  return {
    request_id: 'req_test',
    user_id: userId,
    roles,
    tier: 'free',
    scopes: null,
    session_id: null,
    api_key_id: null,
    ip: '127.0.0.1',
  };
}

async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('entitlements projection from payment events (real Postgres and JetStream)', () => {
  const adminUrl = (() => {
    const url = new URL(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL);
    url.pathname = `/sf_enttest_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
    return url.toString();
  })();
  const events: EventsConfig = {
    subjectPrefix: `ent${randomBytes(4).toString('hex')}.`,
    duplicateWindowSeconds: 120,
    maxAgeHours: 2,
    maxBytes: 8 * 1024 * 1024,
    outboxRetentionDays: 7,
  };
  let app: INestApplicationContext;
  let entitlements: Entitlements;
  let nc: NatsConnection;

  beforeAll(async () => {
    await provisionDatabase(adminUrl, [{ name: SERVICE, password: SERVICE }]);
    const db = { url: roleUrl(adminUrl, SERVICE, SERVICE), schema: SERVICE, poolSize: 4 };
    // The consuming service's own tables (its migrations would make them).
    const setup = new DataSource(serviceDataSourceOptions(db, [...EVENT_ENTITIES, ...ENTITLEMENT_ENTITIES], []));
    await setup.initialize();
    await setup.synchronize();
    await setup.destroy();

    @Module({
      imports: [
        TypeOrmModule.forRoot(serviceDataSourceOptions(db, [...EVENT_ENTITIES, ...ENTITLEMENT_ENTITIES], [])),
        NatsModule.forRoot({ url: NATS_URL, name: SERVICE, requestTimeoutMs: 2000, subjectPrefix: events.subjectPrefix }),
        EventsModule.forService({
          service: SERVICE,
          config: events,
          logger: pino({ level: 'silent' }),
          metrics: new Registry(),
        }),
        EntitlementsModule.forService({
          consumer: eventConsumer({
            name: `${SERVICE}-entitlements`,
            service: SERVICE,
            reads: selectEvents(PaymentEvents, 'subscription.>'),
            summary: 'test',
          }),
        }),
      ],
    })
    class ConsumingServiceModule {}

    app = await NestFactory.createApplicationContext(ConsumingServiceModule, { logger: false });
    await app.init();
    entitlements = app.get(Entitlements, { strict: false });
    nc = await connect({ servers: NATS_URL });
  });

  afterAll(async () => {
    await app?.close();
    if (nc) {
      const jsm = await jetstreamManager(nc);
      for (const stream of [eventsStreamName(events), deadLetterStreamName(events)])
        await jsm.streams.delete(stream).catch(() => undefined);
      await nc.drain();
    }
    await dropDatabase(adminUrl);
  });

  /** Publishes a subscription event exactly as the payment service's relay does. */
  async function publish(
    type: 'subscription.created' | 'subscription.updated' | 'subscription.cancelled',
    data: SubscriptionEventData,
  ): Promise<string> {
    const event: CloudEvent<SubscriptionEventData> = {
      specversion: '1.0',
      id: randomUUID(),
      source: 'softfactory/payment',
      type,
      time: new Date().toISOString(),
      subject: data.user_id,
      datacontenttype: 'application/json',
      data,
    };
    const h = headers();
    h.set('Nats-Msg-Id', event.id);
    await jetstream(nc).publish(`${events.subjectPrefix}events.payment.${type}`, JSON.stringify(event), { headers: h });
    return event.id;
  }

  function subscription(userId: string, overrides: Partial<SubscriptionEventData> = {}): SubscriptionEventData {
    return {
      subscription_id: randomUUID(),
      user_id: userId,
      product_id: 1,
      product_slug: 'coocook',
      plan_slug: 'pro',
      plan_type: 'monthly',
      status: 'active',
      current_period_end: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      cancel_at_period_end: false,
      version: 1,
      account_tier: 'premium',
      ...overrides,
    };
  }

  it('refuses a CooCook booking before the subscription, and allows it once subscription.created arrives', async () => {
    const userId = randomUUID();
    expect(await entitlements.has(userId, 1)).toBe(false);
    expect(await refusal(entitlements.require(ctxOf(userId), 'coocook'))).toEqual({
      code: 'SUBSCRIPTION_REQUIRED',
      message: 'Subscription to CooCook required',
    });

    await publish('subscription.created', subscription(userId));
    await eventually(async () => expect(await entitlements.has(userId, 'coocook')).toBe(true), 10_000);
    await expect(entitlements.require(ctxOf(userId), 1)).resolves.toBeUndefined();
    await expect(entitlements.require(ctxOf(userId), 'CooCook')).resolves.toBeUndefined();
    // Another product is still refused, by its own name.
    expect(await refusal(entitlements.require(ctxOf(userId), 2))).toEqual({
      code: 'SUBSCRIPTION_REQUIRED',
      message: 'Subscription to SNS Auto required',
    });
  });

  it('ends the entitlement on subscription.cancelled, and an older event arriving late does not revive it', async () => {
    const userId = randomUUID();
    const sub = subscription(userId, { product_id: 3, product_slug: 'review-campaign' });
    await publish('subscription.created', sub);
    await eventually(async () => expect(await entitlements.has(userId, 3)).toBe(true), 10_000);
    await publish('subscription.cancelled', { ...sub, status: 'canceled', version: 3 });
    await eventually(async () => expect(await entitlements.has(userId, 3)).toBe(false), 10_000);
    const late = await publish('subscription.updated', { ...sub, status: 'active', version: 2 });
    const marker = randomUUID();
    await publish('subscription.created', subscription(marker, { product_id: 3 }));
    await eventually(async () => expect(await entitlements.has(marker, 3)).toBe(true), 10_000);
    expect(late).toBeTruthy();
    expect(await entitlements.has(userId, 3)).toBe(false);
    expect((await entitlements.list(userId)).map((e) => [e.status, e.product_id])).toEqual([['canceled', 3]]);
  });

  it('keeps a subscription cancelled at period end until the period ends, and a past_due one in its grace', async () => {
    const userId = randomUUID();
    await publish('subscription.updated', subscription(userId, { product_id: 4, cancel_at_period_end: true, version: 2 }));
    await publish('subscription.updated', subscription(userId, { product_id: 5, status: 'past_due' }));
    await publish(
      'subscription.updated',
      subscription(userId, { product_id: 2, current_period_end: new Date(Date.now() - 1000).toISOString() }),
    );
    await eventually(async () => expect((await entitlements.list(userId)).length).toBe(3), 10_000);
    expect(await entitlements.has(userId, 4)).toBe(true);
    expect(await entitlements.has(userId, 5)).toBe(true);
    expect(await entitlements.has(userId, 2)).toBe(false);
  });

  it('lets admins through, refuses anonymous callers, and names unknown products', async () => {
    await expect(entitlements.require(ctxOf(randomUUID(), ['admin']), 'coocook')).resolves.toBeUndefined();
    expect((await refusal(entitlements.require(ctxOf(null), 'coocook'))).code).toBe('UNAUTHORIZED');
    expect((await refusal(entitlements.require(ctxOf(randomUUID()), 'unknown-product'))).code).toBe('NOT_FOUND');
    expect(await entitlements.has(randomUUID(), 99)).toBe(false);
  });

  it('applies a redelivered event once', async () => {
    const userId = randomUUID();
    const sub = subscription(userId, { product_id: 5, product_slug: 'webapp-builder' });
    const id = await publish('subscription.created', sub);
    // The same event again (same Nats-Msg-Id is dropped by the stream; a later re-publish by the inbox).
    const h = headers();
    h.set('Nats-Msg-Id', `${id}-again`);
    const again: CloudEvent<SubscriptionEventData> = {
      specversion: '1.0',
      id,
      source: 'softfactory/payment',
      type: 'subscription.created',
      time: new Date().toISOString(),
      subject: userId,
      datacontenttype: 'application/json',
      data: { ...sub, status: 'canceled' },
    };
    await jetstream(nc).publish(`${events.subjectPrefix}events.payment.subscription.created`, JSON.stringify(again), { headers: h });
    const marker = randomUUID();
    await publish('subscription.created', subscription(marker, { product_id: 5 }));
    await eventually(async () => expect(await entitlements.has(marker, 5)).toBe(true), 10_000);
    expect(await entitlements.has(userId, 5)).toBe(true);
  });
});
