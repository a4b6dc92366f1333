import { SocialState } from './social-platform';

describe('the platforms stand-in: tokens', () => {
  it('uses a refresh token up, but leaves its access token valid until it expires (a call under way still goes through)', () => {
    const state = new SocialState();
    const user = state.userFor('refresher');
    const first = state.issueGrant(user.id);
    const second = state.refresh(first.refreshToken);
    expect(second).not.toBeNull();
    expect(state.grantFor(first.accessToken)).toBe(first);
    expect(state.grantFor(second!.accessToken)).toBe(second);
    expect(state.refresh(first.refreshToken)).toBeNull();
    first.expiresAt = Date.now() - 1;
    expect(state.grantFor(first.accessToken)).toBeNull();
    state.revokeUser(user.id);
    expect(state.grantFor(second!.accessToken)).toBeNull();
    expect(state.refresh(second!.refreshToken)).toBeNull();
  });
});
