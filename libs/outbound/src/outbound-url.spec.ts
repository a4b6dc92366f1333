import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { checkOutboundUrl, checkUrlShape, isRefusedAddress, UnsafeUrl } from './outbound-url';
import { sendOutbound } from './outbound-request';

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

describe('sendOutbound', () => {
  const LIMITS = { timeoutMs: 2000, maxResponseBytes: 1024 };

  it.each(['http://169.254.169.254/latest/meta-data/', 'http://10.0.0.1/', 'https://127.0.0.1/'])(
    'refuses %s before sending anything, saying why',
    async (url) => {
      const result = await sendOutbound({ url, method: 'GET' }, { allowedHosts: [], allowHttp: true }, LIMITS);
      expect(result).toMatchObject({ kind: 'refused', sent: false, error: expect.stringMatching(/private, loopback, link-local/) });
    },
  );

  it('reaches an allow-listed host and stops reading past the size cap', async () => {
    const server = createServer((req, res) => res.end(req.url === '/big' ? 'x'.repeat(4096) : 'ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const rules = { allowedHosts: [`127.0.0.1:${port}`], allowHttp: true };
    try {
      const small = await sendOutbound({ url: `http://127.0.0.1:${port}/`, method: 'GET' }, rules, LIMITS);
      expect(small).toMatchObject({ kind: 'answered', status: 200 });
      expect(small.kind === 'answered' && small.body.toString()).toBe('ok');
      const big = await sendOutbound({ url: `http://127.0.0.1:${port}/big`, method: 'GET' }, rules, LIMITS);
      expect(big).toMatchObject({ kind: 'failed', sent: true, error: 'answer larger than 1024 bytes' });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
