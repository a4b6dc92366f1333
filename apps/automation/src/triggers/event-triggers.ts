import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AutomationCoocookTriggers, AutomationPaymentTriggers, CloudEvent, TRIGGER_EVENTS, TriggerEvent } from '@sf/contracts';
import { Entitlements } from '@sf/entitlements';
import { RateLimited } from '@sf/errors';
import { EventConsumers } from '@sf/events';
import { RunEngine } from '../runs/run-engine.service';
import { AUTOMATION_PRODUCT, PlanLimitsService } from '../shared/plan-limits';
import { Workflow } from '../workflows/workflow.entity';

/** The users an event is about: only their workflows may be triggered by it. */
export function ownersOf(type: TriggerEvent, data: Record<string, unknown>): string[] {
  const ids = (() => {
    if (type.startsWith('booking.')) return [data.guest_id, data.chef_user_id];
    if (type.startsWith('recipe.')) return [data.author_id];
    return [data.user_id];
  })();
  return [...new Set(ids.filter((id): id is string => typeof id === 'string' && id.length > 0))];
}

/**
 * Starts the event-triggered workflows of the users an event is about, once per workflow and
 * event (the inbox drops a redelivery; the run's unique (workflow, event) index backs it up), in
 * the consumer's transaction. An owner without AI Automation, or past today's runs, gets no run.
 */
@Injectable()
export class EventTriggers implements OnApplicationBootstrap {
  private readonly logger = new Logger('EventTriggers');

  constructor(
    private readonly consumers: EventConsumers,
    private readonly entitlements: Entitlements,
    private readonly limits: PlanLimitsService,
    private readonly engine: RunEngine,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.register(AutomationCoocookTriggers, (event, manager) => this.apply(event, manager));
    await this.consumers.register(AutomationPaymentTriggers, (event, manager) => this.apply(event, manager));
  }

  async apply(event: CloudEvent<unknown>, manager: EntityManager): Promise<void> {
    const type = event.type as TriggerEvent;
    if (!(TRIGGER_EVENTS as readonly string[]).includes(type)) return;
    const data = (event.data ?? {}) as Record<string, unknown>;
    const owners = ownersOf(type, data);
    if (!owners.length) return;
    const workflows = await manager
      .getRepository(Workflow)
      .createQueryBuilder('w')
      .where('w.trigger_event = :type AND w.is_active AND w.user_id = ANY(:owners)', { type, owners })
      .orderBy('w.created_at', 'ASC')
      .getMany();
    for (const workflow of workflows) {
      if (!(await this.entitlements.has(workflow.userId, AUTOMATION_PRODUCT, manager))) continue;
      try {
        await this.limits.consumeRun(manager, workflow.userId);
      } catch (error) {
        if (!(error instanceof RateLimited)) throw error;
        this.logger.warn({ workflow_id: workflow.id, event_id: event.id }, 'daily run limit reached: event not run');
        continue;
      }
      await this.engine.start(manager, {
        workflowId: workflow.id,
        userId: workflow.userId,
        steps: workflow.steps,
        triggerType: 'event',
        triggerEventType: type,
        triggerEventId: event.id,
        triggerData: { subject: event.subject, data },
      });
    }
  }
}
