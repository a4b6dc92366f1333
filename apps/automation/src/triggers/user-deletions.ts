import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { AutomationUserDeletions } from '@sf/contracts';
import { EventConsumers } from '@sf/events';
import { EntityManager } from 'typeorm';
import { WorkflowsService } from '../workflows/workflows.service';

/** A deleted account's workflows, runs, steps and tasks are removed; its schedules stop. */
@Injectable()
export class UserDeletions implements OnApplicationBootstrap {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly workflows: WorkflowsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.register(AutomationUserDeletions, (event, manager) => this.forget(manager, event.data.user_id));
  }

  private async forget(manager: EntityManager, userId: string): Promise<void> {
    const scheduled = (await manager.query(`SELECT id FROM workflows WHERE user_id = $1 AND trigger_type = 'schedule'`, [userId])) as {
      id: string;
    }[];
    await manager.query(`DELETE FROM run_steps WHERE run_id IN (SELECT id FROM workflow_runs WHERE user_id = $1)`, [userId]);
    await manager.query(`DELETE FROM workflow_runs WHERE user_id = $1`, [userId]);
    await manager.query(`DELETE FROM workflows WHERE user_id = $1`, [userId]);
    await manager.query(`DELETE FROM tasks WHERE user_id = $1`, [userId]);
    await manager.query(`DELETE FROM daily_usage WHERE user_id = $1`, [userId]);
    await manager.query(`DELETE FROM user_time_zones WHERE user_id = $1`, [userId]);
    // A tick that fires before these go finds no workflow and does nothing.
    for (const { id } of scheduled) await this.workflows.unschedule(id);
  }
}
