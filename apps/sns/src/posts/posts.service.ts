import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  CreatePostDto,
  listView,
  parseDateTime,
  PostListQuery,
  PostListView,
  PostView,
  PublishPostDto,
  resolvePage,
  StorageResolveFile,
  systemContext,
  TemplateType,
  UpdatePostDto,
  UserContext,
} from '@sf/contracts';
import { Entitlements } from '@sf/entitlements';
import { Conflict, DomainError, ErrorCode, NotFound, ValidationFailed } from '@sf/errors';
import { RpcClient } from '@sf/messaging';
import { SnsAccount } from '../accounts/account.entity';
import { AccountsService, SNS_PRODUCT } from '../accounts/accounts.service';
import { SnsFile } from '../files/file.entity';
import { SettingsService } from '../settings/settings.service';
import { SnsEventLog } from '../shared/sns-events';
import { SnsPost, SnsPostTarget } from './post.entity';
import { postEventData, toPostView } from './post.view';
import { PublishQueue } from './publish-queue';
import { inTransaction } from '@sf/idempotency';

const FILE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Targets in these states are past the point where the post may change. */
const STARTED = ['publishing', 'published'] as const;

/** Posts: writing, editing, scheduling and reading them; publishing itself is PublishingService's. */
@Injectable()
export class PostsService {
  private readonly logger = new Logger('PostsService');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly entitlements: Entitlements,
    private readonly accounts: AccountsService,
    private readonly settings: SettingsService,
    private readonly events: SnsEventLog,
    private readonly queue: PublishQueue,
    private readonly rpc: RpcClient,
  ) {}

  async create(ctx: UserContext, dto: CreatePostDto, origin: { automationId?: string; campaignId?: string } = {}): Promise<PostView> {
    await this.entitlements.require(ctx, SNS_PRODUCT);
    const userId = ctx.user_id;
    const media = this.mediaOf(dto.image_url, dto.image_urls);
    const scheduledAt = dto.scheduled_at ? (parseDateTime(dto.scheduled_at) as Date) : null;
    const { post, targets } = await inTransaction(this.dataSource, async (manager) => {
      await this.settings.checkContent(manager, userId, dto.content);
      await this.checkFiles(manager, userId, media);
      const accounts = await this.targetAccounts(manager, userId, dto);
      const post = await manager.save(
        SnsPost,
        manager.create(SnsPost, {
          userId,
          content: dto.content,
          templateType: dto.template_type ?? defaultTemplate(media),
          media,
          scheduledAt,
          automationId: origin.automationId ?? null,
          campaignId: origin.campaignId ?? null,
        }),
      );
      const targets = await manager.save(
        SnsPostTarget,
        accounts.map((a) =>
          manager.create(SnsPostTarget, {
            postId: post.id,
            userId,
            accountId: a.id,
            platform: a.platform,
            accountName: a.accountName,
            status: scheduledAt ? 'scheduled' : 'draft',
            dueAt: scheduledAt,
          }),
        ),
      );
      await this.events.record(manager, 'post.created', post.id, postEventData(post, targets));
      if (scheduledAt) {
        await this.events.record(manager, 'post.scheduled', post.id, postEventData(post, targets));
        await this.queue.enqueue(manager, targets);
      }
      return { post, targets };
    });
    return toPostView(post, targets);
  }

  async list(ctx: UserContext, query: PostListQuery): Promise<PostListView> {
    await this.entitlements.require(ctx, SNS_PRODUCT);
    const page = resolvePage(query);
    const qb = this.dataSource
      .getRepository(SnsPost)
      .createQueryBuilder('p')
      .where('p.user_id = :userId AND p.removed_at IS NULL', { userId: ctx.user_id });
    if (query.post_id) qb.andWhere('p.id = :postId', { postId: query.post_id });
    if (query.platform || query.status) {
      const sub = this.dataSource.getRepository(SnsPostTarget).createQueryBuilder('t').select('1').where('t.post_id = p.id');
      if (query.platform) sub.andWhere('t.platform = :platform');
      if (query.status) sub.andWhere('t.status = :status');
      qb.andWhere(`EXISTS (${sub.getQuery()})`, { platform: query.platform, status: query.status });
    }
    const [posts, total] = await qb.orderBy('p.created_at', 'DESC').addOrderBy('p.id').skip(page.offset).take(page.limit).getManyAndCount();
    return listView('posts', await this.views(this.dataSource.manager, posts), total, page);
  }

  async get(ctx: UserContext, id: string): Promise<PostView> {
    await this.entitlements.require(ctx, SNS_PRODUCT);
    const post = await this.findOwned(this.dataSource.manager, ctx.user_id, id);
    return (await this.views(this.dataSource.manager, [post]))[0];
  }

  async update(ctx: UserContext, id: string, dto: UpdatePostDto): Promise<PostView> {
    await this.entitlements.require(ctx, SNS_PRODUCT);
    return inTransaction(this.dataSource, async (manager) => {
      const post = await this.findOwned(manager, ctx.user_id, id, true);
      const targets = await manager.find(SnsPostTarget, { where: { postId: id }, order: { createdAt: 'ASC' } });
      if (targets.some((t) => (STARTED as readonly string[]).includes(t.status))) {
        throw new Conflict('The post has been published (or is being published) and can no longer be edited', { post_id: id });
      }
      if (dto.content !== undefined) {
        await this.settings.checkContent(manager, ctx.user_id, dto.content);
        post.content = dto.content;
      }
      if (dto.template_type !== undefined) post.templateType = dto.template_type;
      if (dto.image_url !== undefined || dto.image_urls !== undefined) {
        const media = this.mediaOf(dto.image_url ?? undefined, dto.image_urls);
        await this.checkFiles(manager, ctx.user_id, media);
        post.media = media;
      }
      if (dto.scheduled_at !== undefined) {
        post.scheduledAt = dto.scheduled_at === null ? null : (parseDateTime(dto.scheduled_at) as Date);
        for (const t of targets) {
          t.status = post.scheduledAt ? 'scheduled' : 'draft';
          t.dueAt = post.scheduledAt;
          t.error = null;
        }
        await manager.save(SnsPostTarget, targets);
        if (post.scheduledAt) {
          await this.events.record(manager, 'post.scheduled', post.id, postEventData(post, targets));
          await this.queue.enqueue(manager, targets);
        }
      }
      await manager.save(SnsPost, post);
      return toPostView(post, targets);
    });
  }

  /** Publishes now, or at `scheduled_at`: each target not yet out is scheduled; the queue does the rest. */
  async publish(ctx: UserContext, id: string, dto: PublishPostDto): Promise<PostView> {
    await this.entitlements.require(ctx, SNS_PRODUCT);
    const due = dto.scheduled_at ? (parseDateTime(dto.scheduled_at) as Date) : new Date();
    return inTransaction(this.dataSource, async (manager) => {
      const post = await this.findOwned(manager, ctx.user_id, id, true);
      const targets = await manager.find(SnsPostTarget, { where: { postId: id }, order: { createdAt: 'ASC' } });
      const open = targets.filter((t) => t.status === 'draft' || t.status === 'scheduled' || t.status === 'failed');
      if (!open.length) throw new Conflict('The post has no target left to publish', { post_id: id });
      await this.settings.checkContent(manager, ctx.user_id, post.content);
      for (const t of open) {
        t.status = 'scheduled';
        t.dueAt = due;
        t.error = null;
      }
      await manager.save(SnsPostTarget, open);
      post.scheduledAt = due;
      await manager.save(SnsPost, post);
      await this.events.record(manager, 'post.scheduled', post.id, postEventData(post, targets));
      await this.queue.enqueue(manager, open);
      return toPostView(post, targets);
    });
  }

  async delete(ctx: UserContext, id: string): Promise<void> {
    await this.entitlements.require(ctx, SNS_PRODUCT);
    const post = await this.findOwned(this.dataSource.manager, ctx.user_id, id);
    const targets = await this.dataSource.getRepository(SnsPostTarget).findBy({ postId: post.id });
    if (targets.some((t) => t.status === 'publishing'))
      throw new Conflict('The post is being published; try again in a moment', { post_id: id });
    for (const t of targets.filter((t) => t.status === 'published' && t.externalId)) {
      const acting = await this.accounts.acting(t.accountId).catch(() => null);
      if (acting) await this.accounts.adapterFor(t.platform).delete(acting, t.externalId as string);
    }
    await inTransaction(this.dataSource, async (manager) => {
      await manager.delete(SnsPostTarget, { postId: post.id });
      await manager.delete(SnsPost, { id: post.id });
      await this.events.record(manager, 'post.deleted', post.id, {
        post_id: post.id,
        user_id: post.userId,
        targets: targets.map((t) => ({ target_id: t.id, platform: t.platform })),
        deleted_at: new Date().toISOString(),
      });
    });
  }

  async findOwned(manager: EntityManager, userId: string, id: string, lock = false): Promise<SnsPost> {
    const post = await manager.findOne(SnsPost, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!post || post.removedAt || post.userId !== userId) throw new NotFound('Post');
    return post;
  }

  /**
   * A moderator removed the post (admin's `moderation.content.removed`), step one, outside any
   * transaction: what it published is taken down at the platforms, as its owner's delete does
   * (best effort: a platform that refuses leaves its copy, and the rest still goes).
   */
  async takeDownForModerator(id: string): Promise<void> {
    const post = await this.dataSource.getRepository(SnsPost).findOneBy({ id });
    if (!post || post.removedAt) return;
    const targets = await this.dataSource.getRepository(SnsPostTarget).findBy({ postId: id, status: 'published' });
    for (const t of targets.filter((t) => t.externalId)) {
      try {
        const acting = await this.accounts.acting(t.accountId);
        await this.accounts.adapterFor(t.platform).delete(acting, t.externalId as string);
      } catch (error) {
        this.logger.warn({ msg: 'removed post not taken down at the platform', target_id: t.id, err: String(error) });
      }
    }
  }

  /** Step two, in the inbox transaction: hidden from its owner, and nothing more goes out. */
  async removeByModerator(manager: EntityManager, id: string, at: Date): Promise<void> {
    const post = await manager.findOne(SnsPost, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!post || post.removedAt) return;
    await manager.update(SnsPost, { id }, { removedAt: at });
    await manager.query(
      `UPDATE post_targets SET status = 'failed', error = 'Removed by a moderator' WHERE post_id = $1 AND status IN ('draft', 'scheduled')`,
      [id],
    );
  }

  async views(manager: EntityManager, posts: SnsPost[]): Promise<PostView[]> {
    if (!posts.length) return [];
    const targets = await manager.find(SnsPostTarget, { where: { postId: In(posts.map((p) => p.id)) }, order: { createdAt: 'ASC' } });
    return posts.map((p) =>
      toPostView(
        p,
        targets.filter((t) => t.postId === p.id),
      ),
    );
  }

  private mediaOf(imageUrl: string | undefined, imageUrls: string[] | undefined): string[] {
    return [...(imageUrl ? [imageUrl] : []), ...(imageUrls ?? [])];
  }

  /** A media value that is a file id must name a file of the user's (known from storage's events). */
  private async checkFiles(manager: EntityManager, userId: string, media: string[]): Promise<void> {
    const ids = media.filter((m) => FILE_ID.test(m));
    if (!ids.length) return;
    const owned = await manager.findBy(SnsFile, { fileId: In(ids), userId });
    const missing: string[] = [];
    for (const id of ids.filter((id) => !owned.some((f) => f.fileId === id.toLowerCase()))) {
      // Just uploaded: its event may not have arrived yet; storage answers for its owner.
      const file = await this.rpc
        .call(StorageResolveFile, { ctx: { ...systemContext(`sns-files-${id}`), user_id: userId, tier: 'free' }, body: { file_id: id } })
        .catch((error: unknown) => {
          if (error instanceof DomainError && error.code === ErrorCode.NOT_FOUND) return null;
          throw error;
        });
      if (file)
        await manager.upsert(SnsFile, { fileId: file.file_id, userId, category: file.category, contentType: file.content_type }, [
          'fileId',
        ]);
      else missing.push(id);
    }
    if (missing.length) throw new ValidationFailed({ image_urls: [`names no file of yours: ${missing.join(', ')}`] });
  }

  /** The accounts a new post goes to: the one named, or every connected one on each platform named. */
  private async targetAccounts(manager: EntityManager, userId: string, dto: CreatePostDto): Promise<SnsAccount[]> {
    if (dto.account_id) {
      const account = await manager.findOneBy(SnsAccount, { id: dto.account_id });
      if (!account || account.userId !== userId) throw new ValidationFailed({ account_id: ['names no account of yours'] });
      if (dto.platforms && !dto.platforms.includes(account.platform))
        throw new ValidationFailed({ platforms: ['does not include the account’s platform'] });
      return [account];
    }
    const platforms = dto.platforms ?? [];
    const accounts = await manager.find(SnsAccount, {
      where: { userId, platform: In(platforms), status: 'connected' },
      order: { createdAt: 'ASC' },
    });
    const missing = platforms.filter((p) => !accounts.some((a) => a.platform === p));
    if (missing.length) throw new ValidationFailed({ platforms: [`no connected account on ${missing.join(', ')}`] });
    return accounts;
  }
}

function defaultTemplate(media: string[]): TemplateType {
  return media.length > 1 ? 'carousel' : media.length === 1 ? 'image' : 'text';
}
