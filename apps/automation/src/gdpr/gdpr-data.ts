import type { DataSource } from 'typeorm';
import type { GdprDataMap } from '@sf/events';
import { WorkflowsService } from '../workflows/workflows.service';

/**
 * The user's workflows, their runs and steps, tasks, daily run counts and time zone preference.
 * Deletion stops the user's schedules first (a tick that fires before the rows go finds no
 * workflow and does nothing), then deletes the rows, children first. Idempotency records are
 * cached answers of the user's own requests: deleted, not exported.
 */
export function automationGdprData(dataSource: DataSource, workflows: WorkflowsService): GdprDataMap {
  return {
    tables: [
      { table: 'run_steps', where: 'run_id IN (SELECT id FROM workflow_runs WHERE user_id = $1)' },
      { table: 'workflow_runs' },
      { table: 'workflows' },
      { table: 'tasks' },
      { table: 'daily_usage' },
      { table: 'user_time_zones' },
      { table: 'idempotency_records', exported: false },
      { table: 'entitlements' },
    ],
    async beforeErase(userId) {
      const scheduled = (await dataSource.query(`SELECT id FROM workflows WHERE user_id = $1 AND trigger_type = 'schedule'`, [userId])) as {
        id: string;
      }[];
      for (const { id } of scheduled) await workflows.unschedule(id);
    },
  };
}
