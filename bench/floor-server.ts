// The floors the gateway is compared against, in a process of their own (own event loop, like
// the gateway): GET /floor/http answers a constant JSON body (bare Fastify), GET /floor/nats makes
// one NATS request/reply to the constant responder (floor-responder.ts, another process, as auth is
// to the gateway) with the same client the gateway uses, so the floor is as cheap as a hop gets.
//   FLOOR_PORT=18200 NATS_URL=nats://127.0.0.1:4222 NATS_SUBJECT_PREFIX=bench. node dist/bench/floor-server.js
import Fastify from 'fastify';
import { DEFAULT_NATS_URL } from '@sf/config';
import { connectNats, RpcClient } from '@sf/messaging';
import { FLOOR_PATTERN } from './floor-responder';
import { FLOOR_ORDER_PATTERN, floorOrderBody } from './floor-order';

const CONSTANT = { status: 'ok', service: 'floor' };
/** The floor's orders belong to one made-up user (the floor authenticates no one). */
const FLOOR_USER_ID = '00000000-0000-4000-8000-00000000f100';

async function main(): Promise<void> {
  const port = Number(process.env.FLOOR_PORT || 18200);
  const prefix = process.env.NATS_SUBJECT_PREFIX ?? 'bench.';
  const timeout = Number(process.env.REQUEST_TIMEOUT_MS || 5000);
  const nc = await connectNats(process.env.NATS_URL || DEFAULT_NATS_URL, 'bench-floor-server');
  const rpc = new RpcClient(nc, timeout, prefix);
  const app = Fastify({ logger: false });

  app.get('/floor/http', async () => CONSTANT);
  app.get('/floor/nats', () => rpc.request(FLOOR_PATTERN, {}));
  // The order write's floor: the body checked by hand, the key required, one hop to raw pg.
  app.post('/floor/order', async (request, reply) => {
    const items = floorOrderBody(request.body);
    const key = request.headers['idempotency-key'];
    if (!items || typeof key !== 'string' || !key) return reply.code(422).send({ error: { code: 'VALIDATION_FAILED' } });
    return reply.code(201).send(await rpc.request(FLOOR_ORDER_PATTERN, { user_id: FLOOR_USER_ID, key, items }));
  });

  await app.listen({ port, host: '127.0.0.1' });
  const stop = async () => {
    await app.close();
    await nc.drain().catch(() => undefined);
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

main().catch((error: unknown) => {
  process.stderr.write(`floor server failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
