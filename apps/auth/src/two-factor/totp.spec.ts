import { base32Decode, base32Encode, matchTotp, otpauthUrl, timeStep, totpAt } from './totp';

// RFC 6238 appendix B: the SHA-1 secret is ASCII "12345678901234567890".
const RFC_SECRET = base32Encode(Buffer.from('12345678901234567890'));

describe('TOTP', () => {
  it.each([
    [59, '287082'],
    [1111111109, '081804'],
    [1111111111, '050471'],
    [1234567890, '005924'],
    [2000000000, '279037'],
  ])('matches the RFC 6238 test vector at %i s', (seconds, code) => {
    expect(totpAt(RFC_SECRET, timeStep(seconds * 1000))).toBe(code);
  });

  it('round-trips base32', () => {
    const bytes = Buffer.from([0, 1, 2, 250, 251, 252, 253, 254, 255, 7]);
    expect(base32Decode(base32Encode(bytes))).toEqual(bytes);
  });

  it('accepts a code from the previous step and refuses one two steps old', () => {
    const now = 1_700_000_000_000;
    const step = timeStep(now);
    expect(matchTotp(RFC_SECRET, totpAt(RFC_SECRET, step - 1), now, null)).toBe(step - 1);
    expect(matchTotp(RFC_SECRET, totpAt(RFC_SECRET, step - 2), now, null)).toBeNull();
  });

  it('refuses a code whose step was already used', () => {
    const now = 1_700_000_000_000;
    const step = timeStep(now);
    expect(matchTotp(RFC_SECRET, totpAt(RFC_SECRET, step), now, step)).toBeNull();
  });

  it('refuses malformed codes', () => {
    expect(matchTotp(RFC_SECRET, '12345', Date.now(), null)).toBeNull();
    expect(matchTotp(RFC_SECRET, 'abcdef', Date.now(), null)).toBeNull();
  });

  it('builds an otpauth URL authenticator apps read', () => {
    expect(otpauthUrl('ABC', 'a@b.c', 'SoftFactory')).toBe(
      'otpauth://totp/SoftFactory%3Aa%40b.c?secret=ABC&issuer=SoftFactory&algorithm=SHA1&digits=6&period=30',
    );
  });
});
