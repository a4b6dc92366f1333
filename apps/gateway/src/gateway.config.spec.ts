import { loadGatewayConfig } from './gateway.config';

describe('gateway config: browser origins and concurrency', () => {
  it('allows no origin by default, with credentials off and preflights cached 10 minutes', () => {
    expect(loadGatewayConfig({}).cors).toEqual({ origins: [], credentials: false, maxAgeSeconds: 600 });
  });

  it('reads a comma-separated list of exact origins', () => {
    const config = loadGatewayConfig({ CORS_ORIGINS: 'https://app.softfactory.com, http://localhost:5173', CORS_CREDENTIALS: 'true' });
    expect(config.cors).toMatchObject({ origins: ['https://app.softfactory.com', 'http://localhost:5173'], credentials: true });
  });

  it('takes * without credentials and refuses it with them', () => {
    expect(loadGatewayConfig({ CORS_ORIGINS: '*' }).cors.origins).toEqual(['*']);
    expect(() => loadGatewayConfig({ CORS_ORIGINS: '*', CORS_CREDENTIALS: 'true' })).toThrow(/CORS_ORIGINS/);
  });

  it.each(['app.softfactory.com', 'https://app.softfactory.com/', 'https://app.softfactory.com/path', '*,https://a.example'])(
    'refuses %p, naming CORS_ORIGINS',
    (value) => {
      expect(() => loadGatewayConfig({ CORS_ORIGINS: value })).toThrow(/CORS_ORIGINS/);
    },
  );

  it('limits requests in flight to 5 / 25 / 100 by default, each configurable', () => {
    expect(loadGatewayConfig({}).concurrency).toEqual({
      enabled: true,
      perTier: { free: 5, premium: 25, enterprise: 100 },
      leaseMs: 15_000,
    });
    const custom = loadGatewayConfig({ CONCURRENCY_LIMIT_FREE: '2', CONCURRENCY_LIMIT_PREMIUM: '9', CONCURRENCY_LIMIT_ENTERPRISE: '40' });
    expect(custom.concurrency.perTier).toEqual({ free: 2, premium: 9, enterprise: 40 });
    expect(() => loadGatewayConfig({ CONCURRENCY_LIMIT_FREE: '0' })).toThrow(/CONCURRENCY_LIMIT_FREE/);
  });
});
