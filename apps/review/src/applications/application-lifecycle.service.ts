import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ApplicationView, SubmitReviewDto, SubmittedReviewView, UpdateApplicationDto, UserContext } from '@sf/contracts';
import { Conflict, Forbidden } from '@sf/errors';
import { ReviewAccount } from '../accounts/account.entity';
import { AccountVerification } from '../accounts/account-verification';
import { Campaign } from '../campaigns/campaign.entity';
import { SPOT_HOLDING } from '../campaigns/campaigns.service';
import { RewardsRecorder } from '../rewards/rewards-recorder';
import { ReviewEvents } from '../shared/review-events';
import { Application } from './application.entity';
import { applicationEventData, toApplicationView } from './application.view';
import { ApplicationsService } from './applications.service';
import { inTransaction } from '@sf/idempotency';

type Target = 'selected' | 'rejected' | 'completed';

/** Where each decision may come from. */
const ALLOWED_FROM: Record<Target, readonly string[]> = {
  selected: ['pending'],
  rejected: ['pending', 'selected'],
  completed: ['review_submitted'],
};

/**
 * pending → selected | rejected → review_submitted → completed. A campaign's owner decides its
 * applications; for a scraped listing the platform decides and the applicant records it. The wrong
 * party is 403 before an impossible step is 409.
 */
@Injectable()
export class ApplicationLifecycleService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly applications: ApplicationsService,
    private readonly verification: AccountVerification,
    private readonly rewards: RewardsRecorder,
    private readonly events: ReviewEvents,
  ) {}

  async update(ctx: UserContext, id: string, dto: UpdateApplicationDto): Promise<ApplicationView> {
    return inTransaction(this.dataSource, async (manager) => {
      // The campaign's row is locked before the application's (as approvals of one campaign
      // queue on it), so the count of approved applications below is exact.
      const peek = await this.applications.visible(manager, ctx, id);
      const campaign = peek.campaignId
        ? await manager.findOne(Campaign, { where: { id: peek.campaignId }, lock: { mode: 'pessimistic_write' } })
        : null;
      const application = await this.applications.visible(manager, ctx, id, true);
      const decider = application.campaignId ? application.campaignOwnerId : application.userId;
      if (dto.status !== undefined) {
        if (decider !== ctx.user_id) throw new Forbidden(application.campaignId ? "Only the campaign's owner decides" : 'Not allowed');
        if (!ALLOWED_FROM[dto.status].includes(application.status)) {
          throw new Conflict(`An application that is ${application.status} cannot become ${dto.status}`, { status: application.status });
        }
        if (dto.status === 'selected' && campaign) await this.ensureSpot(manager, campaign);
        const now = new Date();
        application.status = dto.status;
        if (dto.status === 'selected' || dto.status === 'rejected') application.decidedAt = now;
        if (dto.status === 'completed') application.completedAt = now;
      }
      if (dto.notes !== undefined) application.notes = dto.notes;
      await manager.save(Application, application);
      if (dto.status === 'selected')
        await this.events.record(manager, 'application.approved', application.id, applicationEventData(application));
      if (dto.status === 'rejected')
        await this.events.record(manager, 'application.rejected', application.id, applicationEventData(application));
      if (dto.status === 'completed') await this.rewards.recordCompletion(manager, application);
      return toApplicationView(application);
    });
  }

  async withdraw(ctx: UserContext, id: string): Promise<ApplicationView> {
    return inTransaction(this.dataSource, async (manager) => {
      const application = await this.applications.visible(manager, ctx, id, true);
      if (application.userId !== ctx.user_id) throw new Forbidden('Only the applicant withdraws');
      if (application.status !== 'pending' && application.status !== 'selected') {
        throw new Conflict(`An application that is ${application.status} cannot be withdrawn`, { status: application.status });
      }
      application.status = 'withdrawn';
      application.withdrawnAt = new Date();
      await manager.save(Application, application);
      return toApplicationView(application);
    });
  }

  async submitReview(ctx: UserContext, id: string, dto: SubmitReviewDto): Promise<SubmittedReviewView> {
    const peek = await this.applications.visible(this.dataSource.manager, ctx, id);
    if (peek.userId !== ctx.user_id) throw new Forbidden('Only the applicant submits the review');
    const account = await this.dataSource.getRepository(ReviewAccount).findOneBy({ id: peek.accountId });
    // Fetched only from the account platform's own hosts (the verifier checks the URL first).
    const owned = account ? await this.verification.ownsPost(account.platform, account.accountName, dto.review_url) : false;
    return inTransaction(this.dataSource, async (manager) => {
      const application = await this.applications.visible(manager, ctx, id, true);
      if (application.status !== 'selected' && application.status !== 'review_submitted') {
        throw new Conflict(`An application that is ${application.status} takes no review`, { status: application.status });
      }
      const now = new Date();
      application.status = 'review_submitted';
      application.reviewUrl = dto.review_url;
      application.reviewContent = dto.review_content ?? null;
      application.reviewSubmittedAt = now;
      application.verifiedAt = owned ? now : null;
      await manager.save(Application, application);
      await this.events.record(manager, 'review.submitted', application.id, {
        ...applicationEventData(application),
        review_url: dto.review_url,
        verified: owned,
      });
      return {
        application_id: application.id,
        status: application.status,
        review_url: dto.review_url,
        verified_at: application.verifiedAt?.toISOString() ?? null,
        review_submitted_at: now.toISOString(),
      };
    });
  }

  private async ensureSpot(manager: EntityManager, campaign: Campaign): Promise<void> {
    const [{ approved }] = (await manager.query(
      `SELECT count(*)::int AS approved FROM applications WHERE campaign_id = $1 AND status = ANY($2)`,
      [campaign.id, SPOT_HOLDING],
    )) as { approved: number }[];
    if (approved >= campaign.maxReviewers) {
      throw new Conflict(`All ${campaign.maxReviewers} reviewer spots are taken`, { max_reviewers: campaign.maxReviewers });
    }
  }
}
