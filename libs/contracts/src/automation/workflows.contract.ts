import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { endpoint } from '../common/endpoint';
import { IdParams } from '../common/id-params';
import { ListMeta, PageQuery } from '../common/pagination';
import { StepType, TRIGGER_TYPES, WORKFLOW_DEFINITION_SCHEMA, WorkflowStep, WorkflowTrigger } from './workflow-definition';

/** The definition schema's parts, in the OpenAPI document where `trigger` and `steps` appear. */
const TriggerSchema = () => JSONSchema(WORKFLOW_DEFINITION_SCHEMA.properties.trigger as Record<string, unknown>);
const StepsSchema = () => JSONSchema(WORKFLOW_DEFINITION_SCHEMA.properties.steps as Record<string, unknown>);

const WORKFLOWS = '/api/ai-automation/workflow';
const WORKFLOWS_ALIAS = '/api/ai-automation/workflows';

/** `[a-z0-9-]` ids of built-in templates. */
export const TEMPLATE_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

/**
 * A workflow written out (`name`, `trigger`, `steps`: the graph `WORKFLOW_DEFINITION_SCHEMA`
 * describes), or made from a template (`template_id` and its `params`; `name` optional).
 */
export class CreateWorkflowDto {
  @IsOptional() @IsString() @Matches(TEMPLATE_ID_PATTERN) template_id?: string;
  /** The template's parameters (each template lists its own). */
  @IsOptional() @IsObject() params?: Record<string, unknown>;
  @ValidateIf((o: CreateWorkflowDto) => !o.template_id || o.name !== undefined) @IsString() @MinLength(1) @MaxLength(200) name?: string;
  @IsOptional() @IsString() @MaxLength(2000) description?: string;
  @ValidateIf((o: CreateWorkflowDto) => !o.template_id || o.trigger !== undefined)
  @IsDefined()
  @IsObject()
  @TriggerSchema()
  trigger?: WorkflowTrigger;
  @ValidateIf((o: CreateWorkflowDto) => !o.template_id || o.steps !== undefined)
  @IsDefined()
  @IsArray()
  @StepsSchema()
  steps?: WorkflowStep[];
  @IsOptional() @IsBoolean() is_active?: boolean;
}

export class UpdateWorkflowDto {
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200) name?: string;
  @IsOptional() @IsString() @MaxLength(2000) description?: string;
  @IsOptional() @IsObject() @TriggerSchema() trigger?: WorkflowTrigger;
  @IsOptional() @IsArray() @StepsSchema() steps?: WorkflowStep[];
  @IsOptional() @IsBoolean() is_active?: boolean;
}

export class WorkflowView {
  @IsUUID() id: string;
  @IsUUID() workflow_id: string;
  @IsString() name: string;
  @IsOptional() @IsString() description: string | null;
  @IsObject() @TriggerSchema() trigger: WorkflowTrigger;
  @IsArray() @StepsSchema() steps: WorkflowStep[];
  @IsBoolean() is_active: boolean;
  @IsOptional() @IsString() template_id: string | null;
  /** A scheduled workflow's next run (ISO 8601 UTC); null otherwise or when inactive. */
  @IsOptional() @IsString() next_run_at: string | null;
  @IsOptional() @IsString() last_run_at: string | null;
  @IsString() created_at: string;
  @IsString() updated_at: string;
}

export class WorkflowListQuery extends PageQuery {
  @IsOptional() @IsIn(TRIGGER_TYPES) trigger_type?: string;
}

export class WorkflowListView extends ListMeta {
  @ValidateNested({ each: true }) @Type(() => WorkflowView) workflows: WorkflowView[];
}

export class RunWorkflowDto {
  /** Read by the steps as `{{trigger.data.<field>}}`. */
  @IsOptional() @IsObject() input?: Record<string, unknown>;
}

export const RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const STEP_STATUSES = ['pending', 'running', 'waiting', 'succeeded', 'failed', 'skipped'] as const;
export type RunStepStatus = (typeof STEP_STATUSES)[number];

export class RunStepView {
  @IsString() step_id: string;
  @IsString() type: StepType;
  @IsIn(STEP_STATUSES) status: RunStepStatus;
  /** The step's params with the run's values filled in, as it ran. */
  @IsOptional() @IsObject() input: Record<string, unknown> | null;
  @IsOptional() @IsObject() output: Record<string, unknown> | null;
  @IsOptional() @IsString() error: string | null;
  @IsInt() attempts: number;
  /** One execution per run and step: `<run_id>:<step_id>`. */
  @IsString() idempotency_key: string;
  @IsOptional() @IsString() started_at: string | null;
  @IsOptional() @IsString() finished_at: string | null;
}

export class RunTriggerView {
  @IsIn(TRIGGER_TYPES) type: string;
  @IsOptional() @IsString() event_type: string | null;
  @IsOptional() @IsString() event_id: string | null;
  @IsObject() data: Record<string, unknown>;
}

export class RunView {
  @IsUUID() id: string;
  @IsUUID() run_id: string;
  @IsUUID() workflow_id: string;
  @IsIn(RUN_STATUSES) status: RunStatus;
  @ValidateNested() @Type(() => RunTriggerView) trigger: RunTriggerView;
  @ValidateNested({ each: true }) @Type(() => RunStepView) steps: RunStepView[];
  @IsOptional() @IsString() error: string | null;
  @IsOptional() @IsString() started_at: string | null;
  @IsOptional() @IsString() finished_at: string | null;
  @IsString() created_at: string;
}

export class RunListQuery extends PageQuery {
  @IsOptional() @IsIn(RUN_STATUSES) status?: string;
}

export class RunListView extends ListMeta {
  @ValidateNested({ each: true }) @Type(() => RunView) runs: RunView[];
}

export class RunParams {
  @IsUUID() id: string;
  @IsUUID() run_id: string;
}

export const WorkflowCreate = endpoint<CreateWorkflowDto, Record<string, never>, WorkflowView>({
  method: 'POST',
  path: WORKFLOWS,
  aliases: [{ path: WORKFLOWS_ALIAS }],
  subject: 'automation.workflows.create',
  access: { kind: 'user', scope: 'write:automation', permission: 'AUTOMATION_WRITE' },
  body: CreateWorkflowDto,
  response: WorkflowView,
  status: 201,
  idempotent: true,
  summary: 'Create a workflow: a step graph, or a built-in template with its params (needs an AI Automation subscription)',
  description:
    '`trigger` and `steps` follow WORKFLOW_DEFINITION_SCHEMA: triggers manual, schedule (cron in `time_zone`) or event ' +
    "(a domain event about the caller's own resources); steps ai.generate, ai.classify, ai.extract, ai.translate, " +
    'http.request, notify, condition and delay. An http.request step is sent with `Idempotency-Key: <run_id>:<step_id>`, ' +
    'the same on every attempt (unless its headers set one), so a receiver can drop a repeat after a retry. ' +
    'More steps than the plan allows: 422.',
  tag: 'automation',
  errors: [403, 422],
});

export const WorkflowList = endpoint<Record<string, never>, WorkflowListQuery, WorkflowListView>({
  method: 'GET',
  path: WORKFLOWS,
  aliases: [{ path: WORKFLOWS_ALIAS }],
  subject: 'automation.workflows.list',
  access: { kind: 'user', scope: 'read:automation', permission: 'AUTOMATION_READ' },
  query: WorkflowListQuery,
  response: WorkflowListView,
  status: 200,
  summary: "The caller's workflows, newest first",
  tag: 'automation',
});

export const WorkflowGet = endpoint<Record<string, never>, Record<string, never>, WorkflowView>({
  method: 'GET',
  path: `${WORKFLOWS}/:id`,
  aliases: [{ path: `${WORKFLOWS_ALIAS}/:id` }],
  subject: 'automation.workflows.get',
  params: IdParams,
  access: { kind: 'user', scope: 'read:automation', permission: 'AUTOMATION_READ' },
  response: WorkflowView,
  status: 200,
  summary: 'One workflow',
  tag: 'automation',
  errors: [404],
});

export const WorkflowUpdate = endpoint<UpdateWorkflowDto, Record<string, never>, WorkflowView>({
  method: 'PUT',
  path: `${WORKFLOWS}/:id`,
  aliases: [{ path: `${WORKFLOWS_ALIAS}/:id` }],
  subject: 'automation.workflows.update',
  params: IdParams,
  access: { kind: 'user', scope: 'write:automation', permission: 'AUTOMATION_WRITE' },
  body: UpdateWorkflowDto,
  response: WorkflowView,
  status: 200,
  summary: 'Change a workflow (runs under way keep the steps they started with)',
  tag: 'automation',
  errors: [404, 422],
});

export const WorkflowDelete = endpoint<Record<string, never>, Record<string, never>, void>({
  method: 'DELETE',
  path: `${WORKFLOWS}/:id`,
  aliases: [{ path: `${WORKFLOWS_ALIAS}/:id` }],
  subject: 'automation.workflows.delete',
  params: IdParams,
  access: { kind: 'user', scope: 'write:automation', permission: 'AUTOMATION_WRITE' },
  status: 204,
  summary: 'Delete a workflow and its runs',
  tag: 'automation',
  errors: [404],
});

export const WorkflowRun = endpoint<RunWorkflowDto, Record<string, never>, RunView>({
  method: 'POST',
  path: `${WORKFLOWS}/:id/run`,
  aliases: [{ path: `${WORKFLOWS_ALIAS}/:id/run` }],
  subject: 'automation.workflows.run',
  params: IdParams,
  access: { kind: 'user', scope: 'write:automation', permission: 'AUTOMATION_WRITE' },
  body: RunWorkflowDto,
  response: RunView,
  status: 201,
  idempotent: true,
  summary: 'Start a run of the workflow now; its steps run as jobs (follow it at .../runs/{run_id})',
  tag: 'automation',
  errors: [404, 429],
});

export const WorkflowRunList = endpoint<Record<string, never>, RunListQuery, RunListView>({
  method: 'GET',
  path: `${WORKFLOWS}/:id/runs`,
  aliases: [{ path: `${WORKFLOWS_ALIAS}/:id/runs` }],
  subject: 'automation.runs.list',
  params: IdParams,
  access: { kind: 'user', scope: 'read:automation', permission: 'AUTOMATION_READ' },
  query: RunListQuery,
  response: RunListView,
  status: 200,
  summary: "A workflow's runs, newest first, each with its steps",
  tag: 'automation',
  errors: [404],
});

export const WorkflowRunGet = endpoint<Record<string, never>, Record<string, never>, RunView>({
  method: 'GET',
  path: `${WORKFLOWS}/:id/runs/:run_id`,
  aliases: [{ path: `${WORKFLOWS_ALIAS}/:id/runs/:run_id` }],
  subject: 'automation.runs.get',
  params: RunParams,
  access: { kind: 'user', scope: 'read:automation', permission: 'AUTOMATION_READ' },
  response: RunView,
  status: 200,
  summary: "One run: each step's input, output, status, attempts and timing",
  tag: 'automation',
  errors: [404],
});
