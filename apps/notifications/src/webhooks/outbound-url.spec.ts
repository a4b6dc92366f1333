import { checkOutboundUrl, checkUrlShape, isRefusedAddress, UnsafeUrl } from './outbound-url';
import { retryAfterMs, signature } from './webhook-sender';

const STRICT = { allowedHosts: [], allowHttp: false };

describe('outbound URL safety', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '::1',
    '::',
    'fd00:ec2::254',
    'fe80::1',
    '::ffff:127.0.0.1',
    '::ffff:169.254.169.254',
    '::ffff:a00:1',
    '::ffff:a9fe:a9fe',
    'not-an-address',
  ])('refuses %s', (address) => {
    expect(isRefusedAddress(address)).toBe(true);
  });

  it.each(['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8', '::ffff:808:808'])(
    'accepts the public address %s',
    (address) => {
      expect(isRefusedAddress(address)).toBe(false);
    },
  );

  it('refuses plain http, credentials and address literals of refused ranges before any lookup', () => {
    expect(() => checkUrlShape('http://example.com/hook', STRICT)).toThrow(UnsafeUrl);
    expect(() => checkUrlShape('https://u:p@example.com/hook', STRICT)).toThrow('credentials');
    expect(() => checkUrlShape('https://[::ffff:10.0.0.1]/', STRICT)).toThrow('private');
    expect(() => checkUrlShape('https://169.254.169.254/latest', STRICT)).toThrow('private');
    expect(checkUrlShape('https://example.com/hook', STRICT).hostname).toBe('example.com');
    expect(checkUrlShape('http://example.com/hook', { allowedHosts: [], allowHttp: true }).protocol).toBe('http:');
  });

  it('lets allow-listed hosts (by host or host:port) through, and only those', async () => {
    const rules = { allowedHosts: ['127.0.0.1:9999', 'localhost'], allowHttp: false };
    await expect(checkOutboundUrl('http://127.0.0.1:9999/hook', rules)).resolves.toBeInstanceOf(URL);
    await expect(checkOutboundUrl('http://localhost:1234/hook', rules)).resolves.toBeInstanceOf(URL);
    await expect(checkOutboundUrl('http://127.0.0.1:9998/hook', rules)).rejects.toThrow(UnsafeUrl);
    // A name that resolves to loopback is refused like the literal.
    await expect(checkOutboundUrl('https://localhost/hook', STRICT)).rejects.toThrow('resolves to a private');
  });
});

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
