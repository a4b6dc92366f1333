// The floors the gateway is compared against, in a process of their own (own event loop, like
// the gateway): GET /floor/http answers a constant JSON body (bare Fastify), GET /floor/nats makes
// one NATS request/reply in the RpcClient's packet format to the constant responder
// (floor-responder.ts, another process, as auth is to the gateway) and answers its response.
//   FLOOR_PORT=18200 NATS_URL=nats://127.0.0.1:4222 NATS_SUBJECT_PREFIX=bench. node dist/bench/floor-server.js
import Fastify from 'fastify';
import { connect } from '@nats-io/transport-node';
import { DEFAULT_NATS_URL } from '@sf/config';
import { FLOOR_PATTERN } from './floor-responder';

const CONSTANT = { status: 'ok', service: 'floor' };

async function main(): Promise<void> {
  const port = Number(process.env.FLOOR_PORT || 18200);
  const subject = (process.env.NATS_SUBJECT_PREFIX ?? 'bench.') + FLOOR_PATTERN;
  const timeout = Number(process.env.REQUEST_TIMEOUT_MS || 5000);
  const nc = await connect({ servers: (process.env.NATS_URL || DEFAULT_NATS_URL).split(','), name: 'bench-floor-server' });
  const app = Fastify({ logger: false });
  let sequence = 0;

  app.get('/floor/http', async () => CONSTANT);
  app.get('/floor/nats', async () => {
    const payload = JSON.stringify({ pattern: FLOOR_PATTERN, data: {}, id: `${process.pid}-${++sequence}` });
    const msg = await nc.request(subject, payload, { timeout });
    return (JSON.parse(msg.string()) as { response: unknown }).response;
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
