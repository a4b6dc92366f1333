import 'reflect-metadata';
import type { Msg, Subscription } from '@nats-io/transport-node';
import { ALL_ENDPOINTS, EndpointDefinition } from '@sf/contracts';
import { ApiClient, eventually, registerUser, RegisteredUser, TestFleet } from '@sf/testing';
import { bootstrapGateway } from '../../../apps/gateway/src/gateway.bootstrap';
import { loadGatewayConfig } from '../../../apps/gateway/src/gateway.config';
import { LEASE_STORE } from '../../../apps/gateway/src/rate-limit/limit-stores.provider';
import type { ConcurrencyLimiter } from '../../../apps/gateway/src/rate-limit/concurrency-limiter';
import type { LeaseStore } from '../../../apps/gateway/src/rate-limit/lease-store';
import { CONCURRENCY_LIMITER } from '../../../apps/gateway/src/routing/endpoint-router';
import { authService, startFleet } from '../fleet';

/** Declared here only: a signed-in route whose answer this test holds back until it lets go. */
const SLOW: EndpointDefinition<unknown, unknown, unknown> = {
  method: 'GET',
  path: '/api/test/slow',
  subject: 'test.slow',
  access: { kind: 'user' },
  status: 200,
  summary: 'Answers when the test lets it (test only)',
  tag: 'test',
};

describe('requests in flight per account (free plan: 5)', () => {
  let fleet: TestFleet;
  let api: ApiClient;
  let responder: Subscription;
  const held: Msg[] = [];
  let mostHeld = 0;

  const answerAll = () => {
    for (const msg of held.splice(0)) {
      const { id } = msg.json<{ id: string }>();
      msg.respond(JSON.stringify({ response: { ok: true }, id, isDisposed: true }));
    }
  };

  beforeAll(async () => {
    ({ fleet, api } = await startFleet(
      [authService],
      { CONCURRENCY_LIMIT_FREE: '5', CONCURRENCY_LEASE_MS: '2000', REQUEST_TIMEOUT_MS: '20000' },
      { endpoints: [...ALL_ENDPOINTS, SLOW] },
    ));
    responder = fleet.nats.subscribe(fleet.subject('test.slow'), {
      callback: (_error, msg) => {
        held.push(msg);
        mostHeld = Math.max(mostHeld, held.length);
      },
    });
  });
  afterAll(async () => {
    answerAll();
    responder?.unsubscribe();
    await fleet?.close();
  });

  /** A newly registered account is on the free plan. */
  const freeUser = (): Promise<RegisteredUser> => registerUser(api);

  it('lets exactly 5 of 30 concurrent slow requests through; the other 25 get 429 concurrency with Retry-After: 1', async () => {
    const user = await freeUser();
    mostHeld = 0;
    const answers = Array.from({ length: 30 }, () => api.get('/api/test/slow', { token: user.accessToken }));
    // 25 refusals come back while 5 requests are still held by the service.
    const settled: { status: number; headers: Headers; body: any }[] = [];
    answers.forEach((p) => void p.then((r) => settled.push(r)));
    await eventually(async () => expect(settled.filter((r) => r.status === 429)).toHaveLength(25), 15_000);
    await eventually(async () => expect(held).toHaveLength(5));
    expect(settled).toHaveLength(25);
    for (const refused of settled) {
      expect(refused.headers.get('retry-after')).toBe('1');
      expect(refused.body.error).toMatchObject({ code: 'RATE_LIMIT_EXCEEDED', details: { reason: 'concurrency', limit: 5 } });
    }
    answerAll();
    const all = await Promise.all(answers);
    expect(all.filter((r) => r.status === 200)).toHaveLength(5);
    expect(all.filter((r) => r.status === 429)).toHaveLength(25);
    expect(mostHeld).toBe(5);
  });

  it('frees the slots as answers go out, and counts each account on its own', async () => {
    const user = await freeUser();
    const other = await freeUser();
    const first = Array.from({ length: 5 }, () => api.get('/api/test/slow', { token: user.accessToken }));
    await eventually(async () => expect(held).toHaveLength(5));
    expect((await api.get('/api/test/slow', { token: user.accessToken })).status).toBe(429);
    // Another account, and the same account's refused call, are unaffected by each other.
    const theirs = api.get('/api/test/slow', { token: other.accessToken });
    await eventually(async () => expect(held).toHaveLength(6));
    answerAll();
    expect((await Promise.all([...first, theirs])).map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    // All five slots are free again.
    const again = Array.from({ length: 5 }, () => api.get('/api/test/slow', { token: user.accessToken }));
    await eventually(async () => expect(held).toHaveLength(5));
    answerAll();
    expect((await Promise.all(again)).every((r) => r.status === 200)).toBe(true);
  });

  it('a call refused by the rate limit holds no slot (the window and the slot are taken at once)', async () => {
    const user = await freeUser();
    // A replica that lets a user 2 calls a minute and keeps an unreleased slot for a minute: a
    // slot left behind by a refused call would still be held when the first replica counts.
    const strict = await bootstrapGateway(
      loadGatewayConfig({ ...fleet.env, PORT: '0', RATE_LIMIT_USER_PER_MIN: '2', CONCURRENCY_LEASE_MS: '60000' }),
      { endpoints: [...ALL_ENDPOINTS, SLOW] },
    );
    const limited = new ApiClient((await strict.getUrl()).replace('[::1]', '127.0.0.1'));
    try {
      const admitted = Array.from({ length: 2 }, () => limited.get('/api/test/slow', { token: user.accessToken }));
      await eventually(async () => expect(held).toHaveLength(2));
      answerAll();
      expect((await Promise.all(admitted)).map((r) => r.status)).toEqual([200, 200]);
      const refused = await Promise.all(Array.from({ length: 5 }, () => limited.get('/api/test/slow', { token: user.accessToken })));
      for (const answer of refused) {
        expect(answer.status).toBe(429);
        expect(answer.body.error.details?.reason).not.toBe('concurrency');
      }
      // All five of the account's slots are free on the other replica.
      const all = Array.from({ length: 5 }, () => api.get('/api/test/slow', { token: user.accessToken }));
      await eventually(async () => expect(held).toHaveLength(5), 5000);
      answerAll();
      expect((await Promise.all(all)).map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    } finally {
      answerAll();
      await strict.close();
    }
  });

  it('counts across gateway replicas, and frees the slots of a replica that dies mid-request within the lease', async () => {
    const user = await freeUser();
    // A second replica of the gateway on the same Redis and NATS.
    const replica = await bootstrapGateway(loadGatewayConfig({ ...fleet.env, PORT: '0' }), { endpoints: [...ALL_ENDPOINTS, SLOW] });
    const other = new ApiClient((await replica.getUrl()).replace('[::1]', '127.0.0.1'));
    try {
      const onReplica = Array.from({ length: 5 }, () => other.get('/api/test/slow', { token: user.accessToken }));
      void Promise.allSettled(onReplica);
      await eventually(async () => expect(held).toHaveLength(5));
      // The first replica sees the account's five slots taken on the other.
      const refused = await api.get('/api/test/slow', { token: user.accessToken });
      expect(refused.status).toBe(429);
      expect(refused.body.error.details.reason).toBe('concurrency');

      // The replica dies with its five requests in flight: it renews nothing and releases nothing more.
      replica.get<ConcurrencyLimiter>(CONCURRENCY_LIMITER).close();
      await replica.get<LeaseStore>(LEASE_STORE).close();

      // Within the lease (2 s here) the first replica admits the account again, while the dead
      // replica's requests are still unanswered.
      const admitted = await eventually(async () => {
        const attempt = api.get('/api/test/slow', { token: user.accessToken });
        // Refused at once, or admitted and held by the service beside the dead replica's five.
        const refused = await Promise.race([
          attempt.then((r) => r.status === 429),
          eventually(async () => expect(held).toHaveLength(6), 2000).then(
            () => false,
            () => true,
          ),
        ]);
        if (refused) throw new Error('still refused');
        return { attempt };
      }, 10_000);
      answerAll();
      expect((await admitted.attempt).status).toBe(200);
    } finally {
      answerAll();
      await replica.close();
    }
  });
});
