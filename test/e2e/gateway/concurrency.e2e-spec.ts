import 'reflect-metadata';
import type { Msg, Subscription } from '@nats-io/transport-node';
import { ALL_ENDPOINTS, EndpointDefinition } from '@sf/contracts';
import { ApiClient, eventually, registerUser, RegisteredUser, TestFleet } from '@sf/testing';
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
});
