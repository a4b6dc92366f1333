/**
 * `Idempotency-Key` for every creating POST (ADR 0019), applied in one place: an endpoint
 * declared `idempotent: true` gets `IdempotencyInterceptor` from `@Handles`, which claims the key
 * and stores the first answer in one transaction with the effect.
 *
 * Usage in a service: add `...IDEMPOTENCY_ENTITIES` to its entities (and a migration creating
 * `idempotency_records`), and open the transactions of its creating handlers with
 * `inTransaction(this.dataSource, (manager) => ...)` instead of `this.dataSource.transaction(...)`,
 * so their effect commits with the stored answer.
 */
export * from './idempotency';
export * from './idempotency-record.entity';
export * from './idempotency.interceptor';
