import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { returnedRows } from '@sf/database';
import { ENTITLING_STATUSES, Entitlements } from '@sf/entitlements';
import { RateLimited } from '@sf/errors';
import { AUTOMATION_CONFIG, AutomationConfig, PlanLimits } from '../automation.config';

export const AUTOMATION_PRODUCT = 'ai-automation';

/** The limits of the user's AI Automation plan: runs per UTC day and steps per workflow. */
@Injectable()
export class PlanLimitsService {
  constructor(
    private readonly entitlements: Entitlements,
    @Inject(AUTOMATION_CONFIG) private readonly config: AutomationConfig,
  ) {}

  private async plan(userId: string, roles: readonly string[]): Promise<keyof PlanLimits> {
    if (roles.includes('admin')) return 'enterprise';
    const plans = (await this.entitlements.list(userId))
      .filter((s) => s.product_slug === AUTOMATION_PRODUCT && (ENTITLING_STATUSES as readonly string[]).includes(s.status))
      .map((s) => s.plan_slug);
    if (plans.includes('enterprise')) return 'enterprise';
    if (plans.includes('pro')) return 'pro';
    return 'free';
  }

  async maxSteps(userId: string, roles: readonly string[] = []): Promise<number> {
    return this.config.stepsPerWorkflow[await this.plan(userId, roles)];
  }

  /**
   * Counts one run against today's limit in the caller's transaction; 429 (with the seconds until
   * the UTC day ends) when it is spent. A run that is rolled back gives its count back.
   */
  async consumeRun(manager: EntityManager, userId: string, roles: readonly string[] = []): Promise<void> {
    const limit = this.config.runsPerDay[await this.plan(userId, roles)];
    const rows = returnedRows<{ runs: number }>(
      await manager.query(
        `INSERT INTO daily_usage (user_id, day, runs) VALUES ($1, (now() AT TIME ZONE 'UTC')::date, 1)
         ON CONFLICT (user_id, day) DO UPDATE SET runs = daily_usage.runs + 1 WHERE daily_usage.runs < $2
         RETURNING runs`,
        [userId, limit],
      ),
    );
    if (rows.length === 0) {
      const now = new Date();
      const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
      throw new RateLimited(`Daily limit of ${limit} automation runs reached on your plan`, (midnight - now.getTime()) / 1000);
    }
  }
}
