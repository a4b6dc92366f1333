import { ENTITLEMENT_ENTITIES } from '@sf/entitlements';
import { EVENT_ENTITIES } from '@sf/events';
import { IDEMPOTENCY_ENTITIES } from '@sf/idempotency';
import { RunStep, WorkflowRun } from './runs/run.entity';
import { Task } from './tasks/task.entity';
import { UserTimeZone } from './workflows/user-time-zones';
import { DailyUsage, Workflow } from './workflows/workflow.entity';

export const AUTOMATION_ENTITIES = [
  ...IDEMPOTENCY_ENTITIES,
  Workflow,
  DailyUsage,
  WorkflowRun,
  RunStep,
  Task,
  UserTimeZone,
  ...ENTITLEMENT_ENTITIES,
  ...EVENT_ENTITIES,
];
