import { retryAfterMs, signature } from './webhook-sender';

describe('delivery signature and Retry-After', () => {
  it('signs "timestamp.body" with HMAC-SHA256 under the secret', () => {
    // printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac whsec_test
    expect(signature('whsec_test', '1700000000', '{"a":1}')).toBe(
      'sha256=38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789',
    );
    expect(signature('whsec_test', '1700000001', '{"a":1}')).not.toBe(signature('whsec_test', '1700000000', '{"a":1}'));
  });

  it('reads Retry-After in seconds or as an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs(undefined, now)).toBeNull();
    expect(retryAfterMs('soon', now)).toBeNull();
  });
});
