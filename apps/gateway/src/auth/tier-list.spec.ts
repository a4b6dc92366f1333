import { ACCESS_TOKEN_TTL_SECONDS } from '@sf/contracts';
import { TierList } from './tier-list';

describe('TierList', () => {
  it('keeps the newest change of each user, whatever order they arrive in', () => {
    const tiers = new TierList();
    tiers.apply('u1', 'premium', 2000);
    tiers.apply('u1', 'free', 1000);
    expect(tiers.tierOf('u1')).toBe('premium');
    tiers.apply('u1', 'enterprise', 3000);
    expect(tiers.tierOf('u1')).toBe('enterprise');
    expect(tiers.tierOf('u2')).toBeUndefined();
    expect(tiers.tierOf(null)).toBeUndefined();
  });

  it('ignores what is not a tier change', () => {
    const tiers = new TierList();
    tiers.apply('u1', 'platinum', 1000);
    tiers.apply(42, 'premium', 1000);
    expect(tiers.tierOf('u1')).toBeUndefined();
  });

  it('forgets changes older than a token lifetime: tokens issued since carry the tier', () => {
    const tiers = new TierList();
    const now = 10_000_000_000;
    tiers.apply('old', 'premium', now - ACCESS_TOKEN_TTL_SECONDS * 1000 - 1);
    tiers.apply('recent', 'premium', now - 1000);
    tiers.prune(now);
    expect(tiers.tierOf('old')).toBeUndefined();
    expect(tiers.tierOf('recent')).toBe('premium');
  });
});
