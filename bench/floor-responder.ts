// The constant NATS responder of the one-hop floor: plain NATS (no Nest), a queue subscription
// answering every request with the same small reply in the Nest packet format.
//   NATS_URL=nats://127.0.0.1:4222 NATS_SUBJECT_PREFIX=bench. node dist/bench/floor-responder.js
import { connect } from '@nats-io/transport-node';
import { DEFAULT_NATS_URL } from '@sf/config';

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
  await nc.flush();
  const stop = async () => {
    await nc.drain().catch(() => undefined);
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
