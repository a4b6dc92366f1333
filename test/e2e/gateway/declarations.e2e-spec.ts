import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { ALL_ENDPOINTS, handledSubjects, SERVICES, systemContext } from '@sf/contracts';
import { DomainError } from '@sf/errors';
import { handledSubjectsOf, RpcClient } from '@sf/messaging';
import { FullFleet, startFullFleet } from '../full-fleet';

/** Messages no declared request matches: a wrong shape, a body of the wrong kind, a caller that is not one. */
const MALFORMED: unknown[] = [
  'text',
  { ctx: { ...systemContext('req_malformed'), roles: ['root'] }, body: {} },
  { ctx: 42, body: {} },
  { ctx: systemContext('req_malformed'), body: 'not an object' },
];

describe('the fleet answers exactly what the contracts declare', () => {
  let env: FullFleet;
  let rpc: RpcClient;

  beforeAll(async () => {
    env = await startFullFleet({ DEMO_MODE: 'true' });
    rpc = new RpcClient(env.fleet.nats, 5000, env.fleet.env.NATS_SUBJECT_PREFIX);
  }, 60_000);
  afterAll(() => env?.close());

  it('has every service answer each subject its contract declares, and nothing else', () => {
    for (const service of SERVICES) {
      const app = env.fleet.app(service.name) as INestApplication;
      expect({ service: service.name, subjects: handledSubjectsOf(app) }).toEqual({
        service: service.name,
        subjects: handledSubjects(service),
      });
    }
  });

  it('has the gateway serve every declared route of every endpoint', () => {
    // The fleet keeps the gateway's Nest application beside its URLs.
    const gateway = (env.fleet.app('gateway') as unknown as { app: INestApplication }).app;
    const fastify = gateway.getHttpAdapter().getInstance() as FastifyInstance;
    const missing = ALL_ENDPOINTS.flatMap((e) => [
      { method: e.method, path: e.path },
      ...(e.aliases ?? []).map((a) => ({ method: a.method ?? e.method, path: a.path })),
    ])
      .filter((route) => !fastify.hasRoute({ method: route.method, url: route.path }))
      .map((route) => `${route.method} ${route.path}`);
    expect(missing).toEqual([]);
  });

  it('answers a malformed message on every internal subject with a 422 error reply, never a crash', async () => {
    const internals = SERVICES.flatMap((s) => s.internals);
    expect(internals.length).toBeGreaterThan(10);
    for (const declaration of internals) {
      for (const message of MALFORMED) {
        const error = await rpc.request(declaration.subject, message).then(
          () => null,
          (e: unknown) => e,
        );
        expect({ subject: declaration.subject, message, code: (error as DomainError | null)?.code }).toEqual({
          subject: declaration.subject,
          message,
          code: 'VALIDATION_ERROR',
        });
      }
    }
  });

  it('answers a malformed message on every endpoint subject with a 4xx error reply', async () => {
    for (const endpoint of ALL_ENDPOINTS) {
      const error = await rpc.request(endpoint.subject, { ctx: 'nobody', body: [] }).then(
        () => null,
        (e: unknown) => e,
      );
      expect({ subject: endpoint.subject, code: (error as DomainError | null)?.code }).toEqual({
        subject: endpoint.subject,
        code: 'VALIDATION_ERROR',
      });
    }
  });
});
