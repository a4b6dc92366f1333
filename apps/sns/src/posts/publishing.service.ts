import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { StorageResolveFile, systemContext } from '@sf/contracts';
import { DomainError } from '@sf/errors';
import { Jobs } from '@sf/jobs';
import { RpcClient } from '@sf/messaging';
import { AccountsService, ReauthRequired } from '../accounts/accounts.service';
import type { ActingAccount, PublishedPost } from '../platforms/platform-adapter';
import { PlatformAuthExpired, PlatformRejected, PlatformUnavailable, platformLabel } from '../platforms/platform-http';
import { SNS_CONFIG, SnsConfig } from '../sns.config';
import { QUEUES } from '../shared/queues';
import { SnsEventLog } from '../shared/sns-events';
import { SnsPost, SnsPostTarget } from './post.entity';
import { PUBLISH_QUEUE, PublishJob } from './publish-queue';
import { inTransaction } from '@sf/idempotency';

const FILE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Attempts after the first for a platform that is down, with back-off (pg-boss's retry). */
const RETRY_LIMIT = 5;

/**
 * Publishes one due target, as a job of the publish queue. A target is claimed (`scheduled` →
 * `publishing`, with `claimed_at`) before the platform is called, so no two workers post it. A job
 * that finds its target still `publishing` (its worker died, or the platform did not answer)
 * first asks the platform whether the post exists, and posts only when it does not: a target is
 * never posted twice. A platform that is down is retried with back-off; its refusal is final.
 */
@Injectable()
export class PublishingService implements OnModuleInit {
  private readonly logger = new Logger('PublishingService');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SNS_CONFIG) private readonly config: SnsConfig,
    private readonly jobs: Jobs,
    private readonly accounts: AccountsService,
    private readonly rpc: RpcClient,
    private readonly events: SnsEventLog,
  ) {}

  private defined = false;

  /** How long one attempt may hold its target: a few platform calls, each bounded by the timeout. */
  private get leaseMs(): number {
    return this.config.platformTimeoutMs * 4 + 2000;
  }

  onModuleInit(): void {
    // Nest runs this hook for the HTTP application and again for the NATS microservice.
    if (this.defined) return;
    this.defined = true;
    this.jobs.define<PublishJob>(PUBLISH_QUEUE, (data, job) => this.run(data.targetId, job.retryCount), {
      retryLimit: RETRY_LIMIT,
      retryDelaySeconds: 1,
      retryBackoff: true,
      retryDelayMaxSeconds: 60,
      // A worker that died mid-publish lets go of the job after this; the retry reconciles.
      expireInSeconds: Math.ceil(this.leaseMs / 1000),
    });
  }

  /** One attempt at a target; throws to have the queue retry it later. */
  async run(targetId: string, retryCount = 0): Promise<void> {
    const claim = await this.claim(targetId);
    if (!claim) return;
    const { target, post, reconcile } = claim;
    let account: ActingAccount;
    try {
      account = await this.accounts.acting(target.accountId);
    } catch (error) {
      if (error instanceof ReauthRequired)
        return this.fail(target, post, `${platformLabel(target.platform)} account is not connected: ${error.message}`);
      throw error;
    }
    const adapter = this.accounts.adapterFor(target.platform);
    try {
      if (reconcile) {
        const found = await adapter.findPublished(account, post.content, new Date(reconcile.getTime() - 60_000));
        if (found) return this.succeed(target, post, found);
      }
      const media = await this.resolveMedia(post);
      const published = await adapter.publish(account, { text: post.content, media, templateType: post.templateType });
      await this.succeed(target, post, published);
    } catch (error) {
      if (error instanceof PlatformRejected) return this.fail(target, post, error.reason);
      if (error instanceof PlatformAuthExpired) {
        await this.accounts.markReauth(target.accountId);
        return this.fail(target, post, `${platformLabel(target.platform)} no longer accepts the account's authorisation; connect it again`);
      }
      if (error instanceof PlatformUnavailable && retryCount >= RETRY_LIMIT) {
        return this.fail(target, post, error.message);
      }
      // Unknown outcome (the platform may have posted it): the next attempt reconciles first.
      await this.dataSource.getRepository(SnsPostTarget).update({ id: target.id, status: 'publishing' }, { claimedAt: null });
      throw error;
    }
  }

  /**
   * Takes the target for this attempt. A `scheduled` one that is due becomes `publishing`; one
   * already `publishing` whose worker let go (or died long enough ago) is taken to be reconciled.
   * Anything else (published, failed, edited back to draft, another worker on it) is left alone.
   */
  private async claim(targetId: string): Promise<{ target: SnsPostTarget; post: SnsPost; reconcile: Date | null } | null> {
    return inTransaction(this.dataSource, async (manager: EntityManager) => {
      const target = await manager.findOne(SnsPostTarget, { where: { id: targetId }, lock: { mode: 'pessimistic_write' } });
      if (!target) return null;
      const post = await manager.findOneBy(SnsPost, { id: target.postId });
      if (!post) return null;
      // A claim older than half the lease belongs to a worker whose job expired (it died).
      const staleBefore = Date.now() - this.leaseMs / 2;
      let reconcile: Date | null = null;
      if (target.status === 'scheduled') {
        if (target.dueAt && target.dueAt.getTime() > Date.now() + 1000) return null; // rescheduled later: its own job runs then
      } else if (target.status === 'publishing') {
        if (target.claimedAt && target.claimedAt.getTime() > staleBefore) {
          throw new Error(`target ${target.id} is being published by another worker`);
        }
        reconcile = target.claimedAt ?? target.updatedAt;
      } else {
        return null;
      }
      target.status = 'publishing';
      target.claimedAt = new Date();
      target.attempts += 1;
      await manager.save(SnsPostTarget, target);
      return { target, post, reconcile };
    });
  }

  private async succeed(target: SnsPostTarget, post: SnsPost, published: PublishedPost): Promise<void> {
    await inTransaction(this.dataSource, async (manager) => {
      const now = new Date();
      await manager.update(
        SnsPostTarget,
        { id: target.id },
        { status: 'published', externalId: published.externalId, externalUrl: published.url, error: null, publishedAt: now },
      );
      await this.events.record(manager, 'post.published', post.id, {
        post_id: post.id,
        target_id: target.id,
        user_id: post.userId,
        account_id: target.accountId,
        platform: target.platform,
        external_id: published.externalId,
        error: null,
        at: now.toISOString(),
        content: post.content,
      });
      // The metrics poller reads it from now on (analytics/metrics-poller.ts).
      await this.jobs.send(
        QUEUES.pollTarget,
        { targetId: target.id },
        { singletonKey: target.id, startAfter: new Date(Date.now() + this.config.metricsIntervalSeconds * 1000), manager },
      );
    });
  }

  private async fail(target: SnsPostTarget, post: SnsPost, reason: string): Promise<void> {
    this.logger.log({ target_id: target.id, platform: target.platform, reason }, 'post refused by the platform');
    await inTransaction(this.dataSource, async (manager) => {
      await manager.update(SnsPostTarget, { id: target.id }, { status: 'failed', error: reason.slice(0, 2000) });
      await this.events.record(manager, 'post.failed', post.id, {
        post_id: post.id,
        target_id: target.id,
        user_id: post.userId,
        account_id: target.accountId,
        platform: target.platform,
        external_id: null,
        error: reason,
        at: new Date().toISOString(),
        content: post.content,
      });
    });
  }

  /** File ids become URLs the platform can fetch (storage presigns them for the owner). */
  private async resolveMedia(post: SnsPost): Promise<string[]> {
    const urls: string[] = [];
    for (const value of post.media) {
      if (!FILE_ID.test(value)) {
        urls.push(value);
        continue;
      }
      const ctx = { ...systemContext(`sns-publish-${post.id}`), user_id: post.userId, tier: 'free' as const };
      try {
        urls.push((await this.rpc.call(StorageResolveFile, { ctx, body: { file_id: value } })).url);
      } catch (error) {
        if (error instanceof DomainError && error.code === 'NOT_FOUND')
          throw new PlatformRejected(post.id, `image ${value} no longer exists`, 404);
        throw error;
      }
    }
    return urls;
  }
}
