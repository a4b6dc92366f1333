import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull, Not } from 'typeorm';
import {
  AccountStatsView,
  AccountView,
  CreateAccountDto,
  listView,
  PageQuery,
  resolvePage,
  UpdateAccountDto,
  UserContext,
} from '@sf/contracts';
import { Conflict, NotFound } from '@sf/errors';
import { AccountVerification } from './account-verification';
import { ReviewAccount } from './account.entity';
import { TokenCipher } from './token-cipher';

interface AccountCounts {
  decided: number;
  selected: number;
}

const SELECTED = `('selected','review_submitted','completed')`;

/** Reviewer accounts: only their owner sees them; tokens go in encrypted and never come out. */
@Injectable()
export class AccountsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cipher: TokenCipher,
    private readonly verification: AccountVerification,
  ) {}

  async create(ctx: UserContext, dto: CreateAccountDto): Promise<AccountView> {
    const check = await this.verification.check(dto.platform, dto.account_name, dto.auth_token);
    // ON CONFLICT rather than a caught unique violation: a failed statement is logged with its
    // parameters by the driver, and those include the (encrypted) token.
    const inserted = (await this.dataSource.query(
      `INSERT INTO accounts (user_id, platform, account_name, auth_token_encrypted, status, follower_count, visibility, verified_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (user_id, platform, account_name) WHERE deleted_at IS NULL DO NOTHING
       RETURNING id`,
      [
        ctx.user_id,
        dto.platform,
        dto.account_name,
        this.cipher.encrypt(dto.auth_token),
        check.verified ? 'verified' : 'pending',
        check.followerCount,
        dto.visibility ?? 'public',
        check.verified ? new Date() : null,
      ],
    )) as { id: string }[];
    if (inserted.length === 0) throw new Conflict('You already added this account', { account_name: dto.account_name });
    const account = await this.dataSource.getRepository(ReviewAccount).findOneByOrFail({ id: inserted[0].id });
    return this.view(account, { decided: 0, selected: 0 });
  }

  async list(ctx: UserContext, query: PageQuery) {
    const page = resolvePage(query);
    const [rows, total] = await this.dataSource.getRepository(ReviewAccount).findAndCount({
      where: { userId: ctx.user_id, deletedAt: IsNull() },
      order: { createdAt: 'ASC', id: 'ASC' },
      skip: page.offset,
      take: page.limit,
    });
    const counts = await this.counts(rows.map((r) => r.id));
    return listView(
      'accounts',
      rows.map((r) => this.view(r, counts.get(r.id))),
      total,
      page,
    );
  }

  async get(ctx: UserContext, id: string): Promise<AccountView> {
    const account = await this.own(ctx, id);
    return this.view(account, (await this.counts([id])).get(id));
  }

  async update(ctx: UserContext, id: string, dto: UpdateAccountDto): Promise<AccountView> {
    const account = await this.own(ctx, id);
    if (dto.account_name !== undefined) account.accountName = dto.account_name;
    if (dto.visibility !== undefined) account.visibility = dto.visibility;
    if (dto.auth_token !== undefined) account.authTokenEncrypted = this.cipher.encrypt(dto.auth_token);
    if (dto.auth_token !== undefined || dto.account_name !== undefined) {
      const check = await this.verification.check(account.platform, account.accountName, this.cipher.decrypt(account.authTokenEncrypted));
      account.status = check.verified ? 'verified' : 'pending';
      account.followerCount = check.followerCount;
      account.verifiedAt = check.verified ? new Date() : null;
    }
    if (dto.account_name !== undefined) {
      const taken = await this.dataSource.getRepository(ReviewAccount).existsBy({
        userId: ctx.user_id,
        platform: account.platform,
        accountName: account.accountName,
        deletedAt: IsNull(),
        id: Not(account.id),
      });
      if (taken) throw new Conflict('You already added this account', { account_name: account.accountName });
    }
    await this.dataSource.getRepository(ReviewAccount).save(account);
    return this.view(account, (await this.counts([id])).get(id));
  }

  async remove(ctx: UserContext, id: string): Promise<void> {
    const account = await this.own(ctx, id);
    await this.dataSource.getRepository(ReviewAccount).update({ id: account.id }, { deletedAt: new Date() });
  }

  async stats(ctx: UserContext, id: string): Promise<AccountStatsView> {
    const account = await this.own(ctx, id);
    const [row] = (await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE a.status <> 'withdrawn')::int AS applications,
              count(*) FILTER (WHERE a.status IN ${SELECTED})::int AS selected,
              count(*) FILTER (WHERE a.status = 'rejected')::int AS rejected,
              count(*) FILTER (WHERE a.status = 'completed')::int AS completed,
              COALESCE((SELECT sum(r.amount_krw) FROM rewards r WHERE r.account_id = $1), 0)::int AS rewards_krw
         FROM applications a WHERE a.account_id = $1`,
      [id],
    )) as { applications: number; selected: number; rejected: number; completed: number; rewards_krw: number }[];
    const decided = row.selected + row.rejected;
    return {
      account_id: id,
      applications: row.applications,
      selected: row.selected,
      rejected: row.rejected,
      completed: row.completed,
      selection_rate: decided ? round(row.selected / decided) : 0,
      rewards_krw: row.rewards_krw,
      followers: account.followerCount,
    };
  }

  /** The caller's live account, or 404 (also for another user's). */
  async own(ctx: UserContext, id: string, manager: EntityManager = this.dataSource.manager): Promise<ReviewAccount> {
    const account = await manager.findOneBy(ReviewAccount, { id, userId: ctx.user_id, deletedAt: IsNull() });
    if (!account) throw new NotFound('Account');
    return account;
  }

  private async counts(ids: string[]): Promise<Map<string, AccountCounts>> {
    if (ids.length === 0) return new Map();
    const rows = (await this.dataSource.query(
      `SELECT account_id, count(*) FILTER (WHERE status IN ${SELECTED} OR status = 'rejected')::int AS decided,
              count(*) FILTER (WHERE status IN ${SELECTED})::int AS selected
         FROM applications WHERE account_id = ANY($1) GROUP BY account_id`,
      [ids],
    )) as { account_id: string; decided: number; selected: number }[];
    return new Map(rows.map((r) => [r.account_id, { decided: r.decided, selected: r.selected }]));
  }

  private view(account: ReviewAccount, counts: AccountCounts = { decided: 0, selected: 0 }): AccountView {
    return {
      id: account.id,
      account_id: account.id,
      platform: account.platform,
      account_name: account.accountName,
      status: account.status,
      follower_count: account.followerCount,
      success_rate: counts.decided ? round(counts.selected / counts.decided) : 0,
      visibility: account.visibility,
      verified_at: account.verifiedAt?.toISOString() ?? null,
      created_at: account.createdAt.toISOString(),
      updated_at: account.updatedAt.toISOString(),
    };
  }
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
