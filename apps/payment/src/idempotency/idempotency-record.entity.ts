/** The record lives in libs/idempotency, shared by every service's creating POSTs. */
export { IdempotencyRecord } from '@sf/idempotency';
