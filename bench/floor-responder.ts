// The constant NATS responder of the one-hop floor: plain NATS (no Nest), a queue subscription
// answering every request with the same small reply in the Nest packet format; and the order
// write's floor (floor-order.ts) on a second subject.
//   NATS_URL=nats://127.0.0.1:4222 NATS_SUBJECT_PREFIX=bench. node dist/bench/floor-responder.js
import { connect } from '@nats-io/transport-node';
import { Pool } from 'pg';
import { DEFAULT_DATABASE_URL, DEFAULT_NATS_URL } from '@sf/config';
import { roleUrl } from '@sf/database';
import { floorOrder, FloorOrderRequest, FLOOR_ORDER_PATTERN } from './floor-order';

export const FLOOR_PATTERN = 'floor.ping';

async function main(): Promise<void> {
  const subject = (process.env.NATS_SUBJECT_PREFIX ?? 'bench.') + FLOOR_PATTERN;
  const nc = await connect({ servers: (process.env.NATS_URL || DEFAULT_NATS_URL).split(','), name: 'bench-floor-responder' });
  const reply = new TextEncoder().encode(JSON.stringify({ response: { status: 'ok', service: 'floor' }, isDisposed: true, id: 'floor' }));
  nc.subscribe(subject, {
    queue: 'bench-floor',
    callback: (error, msg) => {
      if (!error) msg.respond(reply);
    },
  });
  // The order write's floor: raw pg as payment's role, a pool as large as a service's.
  const pool = new Pool({
    connectionString: roleUrl(process.env.DATABASE_URL || DEFAULT_DATABASE_URL, 'payment', process.env.PAYMENT_DB_PASSWORD || 'payment'),
    max: Number(process.env.DB_POOL_SIZE || 10),
    options: '-c search_path=payment',
  });
  const encoder = new TextEncoder();
  nc.subscribe((process.env.NATS_SUBJECT_PREFIX ?? 'bench.') + FLOOR_ORDER_PATTERN, {
    queue: 'bench-floor',
    callback: (error, msg) => {
      if (error) return;
      const request = (msg.json() as { data: FloorOrderRequest }).data;
      floorOrder(pool, request).then(
        (response) => msg.respond(encoder.encode(JSON.stringify({ response, isDisposed: true, id: 'floor' }))),
        (failure: unknown) =>
          msg.respond(encoder.encode(JSON.stringify({ err: { message: String(failure) }, isDisposed: true, id: 'floor' }))),
      );
    },
  });
  await nc.flush();
  const stop = async () => {
    await nc.drain().catch(() => undefined);
    await pool.end().catch(() => undefined);
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`floor responder failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
