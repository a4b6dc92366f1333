import { Type } from 'class-transformer';
import { IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { endpoint } from '../common/endpoint';
import { IdParams } from '../common/id-params';
import { ListMeta, PageQuery } from '../common/pagination';

/** The AI steps a task can be: one step run on its own. */
export const TASK_TYPES = ['ai.generate', 'ai.classify', 'ai.extract', 'ai.translate'] as const;
export type TaskType = (typeof TASK_TYPES)[number];
/** `idle` until executed; then `queued → running → succeeded | failed`, and again on the next execution. */
export const TASK_STATUSES = ['idle', 'queued', 'running', 'succeeded', 'failed'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

const TASKS = '/api/ai-automation/task';
const TASKS_ALIAS = '/api/ai-automation/tasks';

/** `params` as the step of the same type takes them (STEP_PARAMS_SCHEMAS). */
export class CreateTaskDto {
  @IsString() @MinLength(1) @MaxLength(200) name: string;
  @IsIn(TASK_TYPES) type: TaskType;
  @IsObject() params: Record<string, unknown>;
}

export class UpdateTaskDto {
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200) name?: string;
  @IsOptional() @IsIn(TASK_TYPES) type?: TaskType;
  @IsOptional() @IsObject() params?: Record<string, unknown>;
}

export class TaskView {
  @IsUUID() id: string;
  @IsUUID() task_id: string;
  @IsString() name: string;
  @IsIn(TASK_TYPES) type: TaskType;
  @IsObject() params: Record<string, unknown>;
  @IsIn(TASK_STATUSES) status: TaskStatus;
  @IsOptional() @IsObject() output: Record<string, unknown> | null;
  @IsOptional() @IsString() error: string | null;
  /** Attempts of the current (or last) execution. */
  @IsInt() attempts: number;
  @IsInt() executions: number;
  @IsOptional() @IsString() queued_at: string | null;
  @IsOptional() @IsString() started_at: string | null;
  @IsOptional() @IsString() finished_at: string | null;
  @IsString() created_at: string;
  @IsString() updated_at: string;
}

export class TaskListQuery extends PageQuery {
  @IsOptional() @IsIn(TASK_STATUSES) status?: string;
}

export class TaskListView extends ListMeta {
  @ValidateNested({ each: true }) @Type(() => TaskView) tasks: TaskView[];
}

export const TaskCreate = endpoint<CreateTaskDto, Record<string, never>, TaskView>({
  method: 'POST',
  path: TASKS,
  aliases: [{ path: TASKS_ALIAS }],
  subject: 'automation.tasks.create',
  access: { kind: 'user', scope: 'write:automation', permission: 'AUTOMATION_WRITE' },
  body: CreateTaskDto,
  response: TaskView,
  status: 201,
  idempotent: true,
  summary: 'Create a task: one AI step (generate, classify, extract, translate), run when executed',
  tag: 'automation',
  errors: [403, 422],
});

export const TaskList = endpoint<Record<string, never>, TaskListQuery, TaskListView>({
  method: 'GET',
  path: TASKS,
  aliases: [{ path: TASKS_ALIAS }],
  subject: 'automation.tasks.list',
  access: { kind: 'user', scope: 'read:automation', permission: 'AUTOMATION_READ' },
  query: TaskListQuery,
  response: TaskListView,
  status: 200,
  summary: "The caller's tasks, newest first",
  tag: 'automation',
});

export const TaskGet = endpoint<Record<string, never>, Record<string, never>, TaskView>({
  method: 'GET',
  path: `${TASKS}/:id`,
  aliases: [{ path: `${TASKS_ALIAS}/:id` }],
  subject: 'automation.tasks.get',
  params: IdParams,
  access: { kind: 'user', scope: 'read:automation', permission: 'AUTOMATION_READ' },
  response: TaskView,
  status: 200,
  summary: 'One task, with its status and output',
  tag: 'automation',
  errors: [404],
});

export const TaskUpdate = endpoint<UpdateTaskDto, Record<string, never>, TaskView>({
  method: 'PUT',
  path: `${TASKS}/:id`,
  aliases: [{ path: `${TASKS_ALIAS}/:id` }],
  subject: 'automation.tasks.update',
  params: IdParams,
  access: { kind: 'user', scope: 'write:automation', permission: 'AUTOMATION_WRITE' },
  body: UpdateTaskDto,
  response: TaskView,
  status: 200,
  summary: 'Change a task (not while it is queued or running: 409)',
  tag: 'automation',
  errors: [404, 409, 422],
});

export const TaskExecute = endpoint<Record<string, never>, Record<string, never>, TaskView>({
  method: 'POST',
  path: `${TASKS}/:id/execute`,
  aliases: [{ path: `${TASKS_ALIAS}/:id/execute` }],
  subject: 'automation.tasks.execute',
  params: IdParams,
  access: { kind: 'user', scope: 'write:automation', permission: 'AUTOMATION_WRITE' },
  response: TaskView,
  status: 200,
  summary: 'Execute the task asynchronously: answers it `queued`; poll it for `succeeded` or `failed` and the output',
  tag: 'automation',
  errors: [404, 409, 429],
});
