import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuthSessionView, CallerContext, MockOAuthLoginDto, OAuthProvider, OAuthUrlView } from '@sf/contracts';
import { returnedRows } from '@sf/database';
import { NotFound, TwoFactorRequired, Unauthorized, ValidationFailed } from '@sf/errors';
import { AUTH_CONFIG, AuthConfig, OAuthProviderConfig } from '../auth.config';
import { randomToken, sha256 } from '../crypto-tokens';
import { AuthEventLog } from '../events/auth-event-log';
import { SessionIssuer } from '../sessions/session-issuer';
import { TwoFactorChallenge } from '../two-factor/two-factor-challenge';
import { User } from '../accounts/user.entity';
import { OAuthIdentity, OAuthState } from './oauth.entity';
import { inTransaction } from '@sf/idempotency';

const STATE_TTL_MS = 10 * 60_000;
const PROVIDER_TIMEOUT_MS = 5000;

interface ProviderProfile {
  id: string;
  email: string | null;
  emailVerified: boolean;
  name: string;
}

/** What each provider's user-info answer looks like, reduced to what we keep. */
function readProfile(provider: OAuthProvider, body: Record<string, unknown>): ProviderProfile | null {
  if (provider === 'google') {
    if (typeof body.sub !== 'string') return null;
    return {
      id: body.sub,
      email: (body.email as string) ?? null,
      emailVerified: body.email_verified === true,
      name: (body.name as string) ?? 'Google user',
    };
  }
  if (provider === 'facebook') {
    if (body.id === undefined) return null;
    // Facebook only returns emails it has confirmed.
    return {
      id: String(body.id),
      email: (body.email as string) ?? null,
      emailVerified: typeof body.email === 'string',
      name: (body.name as string) ?? 'Facebook user',
    };
  }
  const account = (body.kakao_account ?? {}) as { email?: string; is_email_verified?: boolean; profile?: { nickname?: string } };
  if (body.id === undefined) return null;
  return {
    id: String(body.id),
    email: account.email ?? null,
    emailVerified: account.is_email_verified === true,
    name: account.profile?.nickname ?? 'Kakao user',
  };
}

/**
 * Social sign-in (authorization-code flow with PKCE and a single-use state) and demo-mode mock
 * sign-in. The flow is written here rather than with `arctic`: every endpoint comes from config
 * (so tests and `npm start` point it at stand-ins), and the client secret goes in the form body
 * as Google, Facebook and Kakao all document it.
 */
@Injectable()
export class OAuthService {
  constructor(
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly issuer: SessionIssuer,
    private readonly events: AuthEventLog,
    private readonly challenges: TwoFactorChallenge,
  ) {}

  async authorizeUrl(provider: OAuthProvider, redirectUri: string | undefined): Promise<OAuthUrlView> {
    const settings = this.configured(provider);
    const redirect = redirectUri ?? settings.redirectUris[0];
    if (!settings.redirectUris.includes(redirect)) throw new ValidationFailed({ redirect_uri: ['is not a registered redirect URI'] });
    const state = randomToken('', 24);
    // PKCE: a code stolen from the redirect is useless without the verifier, which never leaves here.
    const codeVerifier = randomBytes(32).toString('base64url');
    await this.dataSource.getRepository(OAuthState).insert({
      stateHash: sha256(state),
      provider,
      redirectUri: redirect,
      codeVerifier,
      expiresAt: new Date(Date.now() + STATE_TTL_MS),
    });
    const url = new URL(settings.authorizeUrl);
    url.searchParams.set('client_id', settings.clientId as string);
    url.searchParams.set('redirect_uri', redirect);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('scope', settings.scope);
    url.searchParams.set('state', state);
    url.searchParams.set('code_challenge', createHash('sha256').update(codeVerifier).digest('base64url'));
    url.searchParams.set('code_challenge_method', 'S256');
    return { auth_url: url.toString(), state_token: state };
  }

  async callback(ctx: CallerContext, provider: OAuthProvider, code: string, state: string): Promise<AuthSessionView> {
    const settings = this.configured(provider);
    const consumed = returnedRows<{ redirect_uri: string; code_verifier: string | null }>(
      await this.dataSource.query(
        'DELETE FROM oauth_states WHERE state_hash = $1 AND provider = $2 AND expires_at > now() RETURNING redirect_uri, code_verifier',
        [sha256(state), provider],
      ),
    );
    if (consumed.length === 0) throw new Unauthorized('Invalid or expired OAuth state');
    const profile = await this.fetchProfile(provider, settings, code, consumed[0].redirect_uri, consumed[0].code_verifier);
    const user = await inTransaction(this.dataSource, (manager) => this.userFor(manager, provider, profile));
    // The provider is a first factor only: an account with 2FA still needs its code.
    if (user.totpEnabled) throw new TwoFactorRequired(this.challenges.issue(user.id));
    return inTransaction(this.dataSource, (manager) => this.issuer.start(manager, user, ctx, 'oauth'));
  }

  /** Demo mode: a brand-new throw-away user, signed in. */
  async mock(ctx: CallerContext): Promise<AuthSessionView> {
    this.requireDemo();
    const suffix = randomBytes(6).toString('hex');
    return this.mockLogin(ctx, { email: `mock-${suffix}@example.test`, name: `Mock User ${suffix}` });
  }

  /** Demo mode: sign in (or up) as any email, no password. */
  async mockLogin(ctx: CallerContext, dto: MockOAuthLoginDto): Promise<AuthSessionView> {
    this.requireDemo();
    const email = dto.email.trim().toLowerCase();
    return inTransaction(this.dataSource, async (manager) => {
      const existing = await manager.findOneBy(User, { email });
      const user = existing ?? (await this.createUser(manager, email, dto.name ?? email.split('@')[0]));
      return this.issuer.start(manager, user, ctx, existing ? 'oauth' : 'registration');
    });
  }

  private async fetchProfile(
    provider: OAuthProvider,
    settings: OAuthProviderConfig,
    code: string,
    redirectUri: string,
    codeVerifier: string | null,
  ): Promise<ProviderProfile> {
    try {
      const tokenResponse = await fetch(settings.tokenUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          redirect_uri: redirectUri,
          client_id: settings.clientId as string,
          client_secret: settings.clientSecret ?? '',
          ...(codeVerifier ? { code_verifier: codeVerifier } : {}),
        }),
        signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS),
      });
      const token = (await tokenResponse.json().catch(() => ({}))) as { access_token?: string };
      if (!tokenResponse.ok || !token.access_token) throw new Unauthorized(`The ${provider} sign-in was not accepted`);
      const infoResponse = await fetch(settings.userInfoUrl, {
        headers: { Authorization: `Bearer ${token.access_token}`, Accept: 'application/json' },
        signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS),
      });
      const profile = infoResponse.ok ? readProfile(provider, (await infoResponse.json()) as Record<string, unknown>) : null;
      if (!profile) throw new Unauthorized(`The ${provider} profile could not be read`);
      return profile;
    } catch (error) {
      if (error instanceof Unauthorized) throw error;
      throw new Unauthorized(`The ${provider} sign-in could not be completed`);
    }
  }

  /** The linked user; else the user with the same verified email (linked now); else a new one. */
  private async userFor(manager: EntityManager, provider: OAuthProvider, profile: ProviderProfile): Promise<User> {
    const identity = await manager.findOneBy(OAuthIdentity, { provider, providerUserId: profile.id });
    if (identity) return manager.findOneByOrFail(User, { id: identity.userId });
    const email = profile.email?.toLowerCase() ?? `${provider}-${profile.id}@users.noreply.softfactory`;
    const sameEmail = await manager.findOneBy(User, { email });
    if (sameEmail && !profile.emailVerified)
      throw new Unauthorized(`The ${provider} account's email is not verified; sign in with your password`);
    const user = sameEmail ?? (await this.createUser(manager, email, profile.name.slice(0, 100)));
    await manager.insert(OAuthIdentity, { provider, providerUserId: profile.id, userId: user.id });
    return user;
  }

  /** A password-less account, announced like any sign-up. */
  private async createUser(manager: EntityManager, email: string, name: string): Promise<User> {
    const user = await manager.save(User, manager.create(User, { email, name, passwordHash: null }));
    await this.events.record(manager, 'user.registered', user.id, {
      user_id: user.id,
      email: user.email,
      name: user.name,
      roles: user.roles,
    });
    return user;
  }

  private configured(provider: OAuthProvider): OAuthProviderConfig {
    const settings = this.config.oauth[provider];
    if (!settings.clientId) throw new NotFound(`OAuth provider ${provider}`);
    return settings;
  }

  private requireDemo(): void {
    if (!this.config.common.demoMode) throw new NotFound('Route');
  }
}
