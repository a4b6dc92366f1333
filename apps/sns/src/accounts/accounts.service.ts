import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  AccountListQuery,
  SnsAccountListView,
  SnsAccountView,
  CallerContext,
  ConnectView,
  CreateSnsAccountDto,
  listView,
  OAuthCallbackQuery,
  resolvePage,
  SnsPlatform,
  UserContext,
} from '@sf/contracts';
import { Entitlements } from '@sf/entitlements';
import { Jobs } from '@sf/jobs';
import { NotFound, ValidationFailed } from '@sf/errors';
import type { ActingAccount, PlatformTokens } from '../platforms/platform-adapter';
import { PlatformAdapters } from '../platforms/platform-adapters';
import { PlatformAuthExpired, PlatformRejected, platformLabel } from '../platforms/platform-http';
import { SNS_CONFIG, SnsConfig } from '../sns.config';
import { QUEUES } from '../shared/queues';
import { sha256, TokenCipher } from '../shared/token-cipher';
import { SnsAccount } from './account.entity';
import { inTransaction } from '@sf/idempotency';

/** SNS Auto is product 2. */
export const SNS_PRODUCT = 'sns-auto';
/** How long a consent may take. */
const STATE_TTL_MS = 30 * 60_000;
/** Tokens this close to expiry are refreshed before use (at least; see refreshMarginMs). */
const MIN_REFRESH_MARGIN_MS = 5 * 60_000;

/** The account is not usable until its owner consents again. */
export class ReauthRequired extends Error {}

/** Social accounts: connecting through the platform's consent, listing, disconnecting, fresh tokens. */
@Injectable()
export class AccountsService {
  private readonly logger = new Logger('AccountsService');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SNS_CONFIG) private readonly config: SnsConfig,
    private readonly entitlements: Entitlements,
    private readonly adapters: PlatformAdapters,
    private readonly cipher: TokenCipher,
    private readonly jobs: Jobs,
  ) {}

  async create(ctx: UserContext, dto: CreateSnsAccountDto): Promise<SnsAccountView> {
    await this.entitlements.require(ctx, SNS_PRODUCT);
    const account = await this.startConsent(ctx.user_id, dto.platform, dto.account_name);
    return this.view(account);
  }

  async connect(ctx: UserContext, platform: SnsPlatform, accountName?: string): Promise<ConnectView> {
    await this.entitlements.require(ctx, SNS_PRODUCT);
    const account = await this.startConsent(ctx.user_id, platform, accountName ?? platform);
    const view = this.view(account);
    return { authorize_url: view.authorize_url as string, state: view.state as string, account_id: account.id, platform };
  }

  /** A pending account with a fresh single-use state (and PKCE verifier where the platform uses one). */
  private async startConsent(userId: string, platform: SnsPlatform, accountName: string): Promise<SnsAccount> {
    const adapter = this.adapters.get(platform);
    const state = randomBytes(24).toString('base64url');
    const verifier = adapter.usesPkce ? randomBytes(32).toString('base64url') : null;
    const repo = this.dataSource.getRepository(SnsAccount);
    return repo.save(
      repo.create({
        userId,
        platform,
        accountName,
        status: 'pending',
        oauthStateHash: sha256(state),
        oauthStateEnc: this.cipher.encrypt(state),
        oauthStateExpiresAt: new Date(Date.now() + STATE_TTL_MS),
        pkceVerifierEnc: this.cipher.encryptNullable(verifier),
      }),
    );
  }

  /**
   * The platform sent the user back. The state is used up here, whatever happens next; the code
   * is exchanged for tokens, which are stored encrypted with the account's platform identity.
   */
  async callback(_ctx: CallerContext, platform: SnsPlatform, query: OAuthCallbackQuery): Promise<SnsAccountView> {
    const adapter = this.adapters.get(platform);
    const rows: { id: string }[][] = await this.dataSource.query(
      `UPDATE accounts SET oauth_state_hash = NULL, oauth_state_enc = NULL, updated_at = now()
        WHERE oauth_state_hash = $1 AND platform = $2 AND oauth_state_expires_at > now()
        RETURNING id`,
      [sha256(query.state), platform],
    );
    const id = rows[0]?.[0]?.id;
    if (!id) throw new ValidationFailed({ state: ['is unknown, expired or already used'] });
    const account = await this.dataSource.getRepository(SnsAccount).findOneByOrFail({ id });
    if (query.error) throw new ValidationFailed({ error: [`${platformLabel(platform)} consent was not given: ${query.error}`] });
    if (!query.code) throw new ValidationFailed({ code: ['is required'] });
    const verifier = account.pkceVerifierEnc ? this.cipher.decrypt(account.pkceVerifierEnc) : null;
    let tokens: PlatformTokens;
    try {
      tokens = await adapter.exchangeCode(query.code, this.redirectUri(platform), verifier);
    } catch (error) {
      if (error instanceof PlatformRejected || error instanceof PlatformAuthExpired) {
        throw new ValidationFailed({
          code: [`${platformLabel(platform)} refused the code: ${error instanceof PlatformRejected ? error.reason : 'unauthorised'}`],
        });
      }
      throw error;
    }
    const profile = await adapter.profile(tokens.accessToken);
    Object.assign(account, {
      status: 'connected',
      platformUserId: profile.id,
      platformUsername: profile.username,
      followersCount: profile.followers,
      pkceVerifierEnc: null,
      oauthStateExpiresAt: null,
      connectedAt: new Date(),
      ...this.sealed(tokens),
    });
    await inTransaction(this.dataSource, async (manager) => {
      await manager.save(SnsAccount, account);
      // The metrics poller counts its followers from now on (analytics/metrics-poller.ts).
      await this.jobs.send(QUEUES.pollAccount, { accountId: account.id }, { singletonKey: account.id, manager });
    });
    return this.view(account);
  }

  async list(ctx: UserContext, query: AccountListQuery): Promise<SnsAccountListView> {
    await this.entitlements.require(ctx, SNS_PRODUCT);
    const page = resolvePage(query);
    const qb = this.dataSource.getRepository(SnsAccount).createQueryBuilder('a').where('a.user_id = :userId', { userId: ctx.user_id });
    if (query.platform) qb.andWhere('a.platform = :platform', { platform: query.platform });
    if (query.status) qb.andWhere('a.status = :status', { status: query.status });
    const [accounts, total] = await qb
      .orderBy('a.created_at', 'DESC')
      .addOrderBy('a.id')
      .skip(page.offset)
      .take(page.limit)
      .getManyAndCount();
    return listView(
      'accounts',
      accounts.map((a) => this.view(a)),
      total,
      page,
    );
  }

  async get(ctx: UserContext, id: string): Promise<SnsAccountView> {
    await this.entitlements.require(ctx, SNS_PRODUCT);
    return this.view(await this.findOwned(this.dataSource.manager, ctx.user_id, id));
  }

  /** Disconnects: the platform revokes the tokens, then the account and its targets' link go. */
  async delete(ctx: UserContext, id: string): Promise<void> {
    await this.entitlements.require(ctx, SNS_PRODUCT);
    const account = await this.findOwned(this.dataSource.manager, ctx.user_id, id);
    await this.revoke(account);
    await this.dataSource.getRepository(SnsAccount).delete({ id: account.id });
  }

  /** Revokes the account's tokens at the platform; a token the platform no longer knows is fine. */
  async revoke(account: SnsAccount): Promise<void> {
    if (!account.accessTokenEnc || !account.platformUserId) return;
    const adapter = this.adapters.get(account.platform);
    try {
      await adapter.revoke(
        { accessToken: this.cipher.decrypt(account.accessTokenEnc), platformUserId: account.platformUserId },
        account.refreshTokenEnc ? this.cipher.decrypt(account.refreshTokenEnc) : null,
      );
    } catch (error) {
      if (!(error instanceof PlatformAuthExpired || error instanceof PlatformRejected)) throw error;
      this.logger.warn({ account_id: account.id, platform: account.platform }, 'the platform no longer knew the token being revoked');
    }
  }

  async findOwned(manager: EntityManager, userId: string, id: string): Promise<SnsAccount> {
    const account = await manager.findOneBy(SnsAccount, { id });
    if (!account || account.userId !== userId) throw new NotFound('Account');
    return account;
  }

  /**
   * What an adapter needs to act as the account, its token refreshed first when it is close to
   * expiry. A refresh the platform refuses marks the account `reauth_required`.
   */
  async acting(accountId: string): Promise<ActingAccount> {
    const repo = this.dataSource.getRepository(SnsAccount);
    const account = await repo.findOneBy({ id: accountId });
    if (!account || account.status !== 'connected' || !account.accessTokenEnc || !account.platformUserId) {
      throw new ReauthRequired(`the ${account ? platformLabel(account.platform) : ''} account is not connected`.replace('  ', ' '));
    }
    if (!account.tokenExpiresAt || account.tokenExpiresAt.getTime() - Date.now() > this.refreshMarginMs) {
      return { accessToken: this.cipher.decrypt(account.accessTokenEnc), platformUserId: account.platformUserId };
    }
    return this.refreshNow(account.id);
  }

  /** Refreshes the account's tokens under its row lock (a rotated refresh token is used once). */
  async refreshNow(accountId: string): Promise<ActingAccount> {
    const outcome = await inTransaction(this.dataSource, async (manager) => {
      const account = await manager.findOne(SnsAccount, { where: { id: accountId }, lock: { mode: 'pessimistic_write' } });
      if (!account || account.status !== 'connected' || !account.accessTokenEnc || !account.platformUserId) return null;
      if (account.tokenExpiresAt && account.tokenExpiresAt.getTime() - Date.now() > this.refreshMarginMs) {
        return { accessToken: this.cipher.decrypt(account.accessTokenEnc), platformUserId: account.platformUserId };
      }
      const current: PlatformTokens = {
        accessToken: this.cipher.decrypt(account.accessTokenEnc),
        refreshToken: account.refreshTokenEnc ? this.cipher.decrypt(account.refreshTokenEnc) : null,
        expiresAt: account.tokenExpiresAt,
      };
      try {
        const fresh = await this.adapters.get(account.platform).refresh(current);
        await manager.update(
          SnsAccount,
          { id: account.id },
          this.sealed({ ...fresh, refreshToken: fresh.refreshToken ?? current.refreshToken }),
        );
        return { accessToken: fresh.accessToken, platformUserId: account.platformUserId };
      } catch (error) {
        if (!(error instanceof PlatformRejected || error instanceof PlatformAuthExpired)) throw error;
        await manager.update(SnsAccount, { id: account.id }, { status: 'reauth_required' });
        return null;
      }
    });
    if (!outcome) throw new ReauthRequired('the account needs its owner to connect it again');
    return outcome;
  }

  /** Marks an account whose token the platform refused: its owner must consent again. */
  async markReauth(accountId: string): Promise<void> {
    await this.dataSource.getRepository(SnsAccount).update({ id: accountId }, { status: 'reauth_required' });
  }

  private sealed(tokens: PlatformTokens): Partial<SnsAccount> {
    return {
      accessTokenEnc: this.cipher.encrypt(tokens.accessToken),
      refreshTokenEnc: this.cipher.encryptNullable(tokens.refreshToken),
      tokenExpiresAt: tokens.expiresAt,
    };
  }

  /**
   * The account poller (poll-account) uses every connected account once per metrics interval, so a
   * token due within two intervals is refreshed on that pass: tokens are renewed before they
   * expire even for accounts nobody posts with.
   */
  private get refreshMarginMs(): number {
    return Math.max(MIN_REFRESH_MARGIN_MS, 2 * this.config.metricsIntervalSeconds * 1000);
  }

  adapterFor(platform: SnsPlatform) {
    return this.adapters.get(platform);
  }

  redirectUri(platform: SnsPlatform): string {
    return `${this.config.publicBaseUrl}/api/sns/account/callback/${platform}`;
  }

  view(a: SnsAccount): SnsAccountView {
    const pendingState =
      a.oauthStateEnc && a.oauthStateExpiresAt && a.oauthStateExpiresAt > new Date() ? this.cipher.decrypt(a.oauthStateEnc) : null;
    let authorizeUrl: string | null = null;
    if (pendingState) {
      const verifier = a.pkceVerifierEnc ? this.cipher.decrypt(a.pkceVerifierEnc) : null;
      const challenge = verifier ? createHash('sha256').update(verifier).digest('base64url') : null;
      authorizeUrl = this.adapters.get(a.platform).authorizeUrl(pendingState, this.redirectUri(a.platform), challenge);
    }
    return {
      id: a.id,
      account_id: a.id,
      platform: a.platform,
      account_name: a.accountName,
      status: a.status,
      platform_user_id: a.platformUserId,
      platform_username: a.platformUsername,
      followers_count: a.followersCount,
      token_expires_at: a.tokenExpiresAt?.toISOString() ?? null,
      connected_at: a.connectedAt?.toISOString() ?? null,
      authorize_url: authorizeUrl,
      state: pendingState,
      created_at: a.createdAt.toISOString(),
      updated_at: a.updatedAt.toISOString(),
    };
  }
}
