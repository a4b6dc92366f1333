/**
 * Entitlements: what a user is subscribed to, known locally from the payment service's events.
 *
 * Usage in a service (e.g. coocook): add `...ENTITLEMENT_ENTITIES` to the service's entities and
 * generate a migration (it creates the `entitlements` table in the service's own schema); import
 * `EntitlementsModule.forService({ consumer: CoocookEntitlementsFeed })` (declared in the service's contracts) in the root module next
 * to `EventsModule.forService(...)`; inject `Entitlements` and call
 * `await entitlements.require(ctx, 'coocook')` (throws 403 `SUBSCRIPTION_REQUIRED`,
 * "Subscription to CooCook required") or `await entitlements.has(userId, 1)`. The module registers
 * a durable consumer of `events.payment.subscription.>` that upserts one row per subscription,
 * ignoring events older than the row (by the subscription's `version`), so redeliveries and
 * out-of-order events are harmless. Products: 1 coocook, 2 sns-auto, 3 review-campaign,
 * 4 ai-automation, 5 webapp-builder (ids, slugs or names are accepted).
 */
export * from './entitlement.entity';
export * from './entitlements.module';
export * from './entitlements.service';
