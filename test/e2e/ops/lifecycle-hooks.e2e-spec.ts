import { TestFleet } from '@sf/testing';
import { authService, coocookService, startFleet } from '../fleet';

/**
 * A service is a Nest application with a NATS microservice attached: its modules' init and
 * bootstrap hooks must run once, or every relay, consumer and timer runs twice.
 */
describe('service lifecycle hooks', () => {
  let fleet: TestFleet;

  beforeAll(async () => {
    ({ fleet } = await startFleet([authService, coocookService]));
  });
  afterAll(() => fleet?.close());

  it('start one outbox relay per service', async () => {
    for (const service of ['auth', 'coocook']) {
      const metrics = await (await fetch(`${await fleet.serviceUrl(service)}/metrics`)).text();
      expect(metrics).toMatch(new RegExp(`^outbox_relay_loops\\{service="${service}"\\} 1$`, 'm'));
    }
  });
});
