import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CommentDto, CommentListView, LikeListView, LikeResultView, SnsPlatform, UserContext } from '@sf/contracts';
import { Entitlements } from '@sf/entitlements';
import { Conflict } from '@sf/errors';
import { AccountsService, ReauthRequired, SNS_PRODUCT } from '../accounts/accounts.service';
import { platformLabel } from '../platforms/platform-http';
import { SnsEventLog } from '../shared/sns-events';
import { SnsPostTarget } from './post.entity';
import { PostsService } from './posts.service';
import { inTransaction } from '@sf/idempotency';

/** Comments and likes of a published post, read from and written to each platform it is on. */
@Injectable()
export class EngagementService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly entitlements: Entitlements,
    private readonly posts: PostsService,
    private readonly accounts: AccountsService,
    private readonly events: SnsEventLog,
  ) {}

  /** The post's published targets (optionally on one platform); none is a 409. */
  private async published(ctx: UserContext, postId: string, platform?: SnsPlatform): Promise<SnsPostTarget[]> {
    await this.entitlements.require(ctx, SNS_PRODUCT);
    await this.posts.findOwned(this.dataSource.manager, ctx.user_id, postId);
    const targets = await this.dataSource
      .getRepository(SnsPostTarget)
      .find({ where: { postId, status: 'published' }, order: { createdAt: 'ASC' } });
    return targets.filter((t) => t.externalId && (!platform || t.platform === platform));
  }

  private async acting(target: SnsPostTarget) {
    try {
      return await this.accounts.acting(target.accountId);
    } catch (error) {
      if (error instanceof ReauthRequired)
        throw new Conflict(`The ${platformLabel(target.platform)} account must be connected again`, { account_id: target.accountId });
      throw error;
    }
  }

  async comments(ctx: UserContext, postId: string): Promise<CommentListView> {
    const comments: CommentListView['comments'] = [];
    for (const target of await this.published(ctx, postId)) {
      const account = await this.acting(target);
      const found = await this.accounts.adapterFor(target.platform).comments(account, target.externalId as string);
      comments.push(
        ...found.map((c) => ({ id: c.id, platform: target.platform, text: c.text, author: c.author, created_at: c.createdAt })),
      );
    }
    return { comments, total: comments.length };
  }

  async comment(ctx: UserContext, postId: string, dto: CommentDto): Promise<CommentListView> {
    const targets = await this.published(ctx, postId, dto.platform);
    if (!targets.length) throw new Conflict('The post is not published there yet', { post_id: postId });
    const made: CommentListView['comments'] = [];
    for (const target of targets) {
      const account = await this.acting(target);
      const c = await this.accounts.adapterFor(target.platform).comment(account, target.externalId as string, dto.text);
      await inTransaction(this.dataSource, (manager) =>
        this.events.record(manager, 'comment.replied', postId, {
          post_id: postId,
          target_id: target.id,
          user_id: ctx.user_id,
          platform: target.platform,
          reply_id: c.id,
          reply_text: c.text,
        }),
      );
      made.push({ id: c.id, platform: target.platform, text: c.text, author: c.author, created_at: c.createdAt });
    }
    return { comments: made, total: made.length };
  }

  async likes(ctx: UserContext, postId: string): Promise<LikeListView> {
    const likes: LikeListView['likes'] = [];
    for (const target of await this.published(ctx, postId)) {
      const account = await this.acting(target);
      const found = await this.accounts.adapterFor(target.platform).likers(account, target.externalId as string);
      likes.push(...found.map((l) => ({ id: l.id, platform: target.platform, username: l.username })));
    }
    return { likes, total: likes.length };
  }

  async like(ctx: UserContext, postId: string, platform?: SnsPlatform): Promise<LikeResultView> {
    const targets = await this.published(ctx, postId, platform);
    if (!targets.length) throw new Conflict('The post is not published there yet', { post_id: postId });
    const liked: LikeResultView['liked'] = [];
    for (const target of targets) {
      const account = await this.acting(target);
      await this.accounts.adapterFor(target.platform).like(account, target.externalId as string);
      liked.push({ platform: target.platform, liked: true });
    }
    return { post_id: postId, liked };
  }
}
