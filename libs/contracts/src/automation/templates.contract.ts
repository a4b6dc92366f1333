import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsObject, IsOptional, IsString, Matches, ValidateNested } from 'class-validator';
import { endpoint } from '../common/endpoint';
import { ListMeta, PageQuery } from '../common/pagination';
import { TEMPLATE_ID_PATTERN } from './workflows.contract';
import type { WorkflowStep, WorkflowTrigger } from './workflow-definition';

export class TemplateParams {
  @IsString() @Matches(TEMPLATE_ID_PATTERN) id: string;
}

export class TemplateParamView {
  @IsString() name: string;
  @IsString() description: string;
  @IsBoolean() required: boolean;
  @IsOptional() @IsString() default: string | null;
}

export class TemplateView {
  @IsString() id: string;
  @IsString() name: string;
  @IsString() description: string;
  @IsString() category: string;
  /** What `params` of `POST /api/ai-automation/workflow {template_id, params}` takes. */
  @ValidateNested({ each: true }) @Type(() => TemplateParamView) params: TemplateParamView[];
  /** The workflow it makes, `{{params.<name>}}` standing for each param. */
  @IsObject() trigger: WorkflowTrigger;
  @IsArray() steps: WorkflowStep[];
}

export class TemplateListView extends ListMeta {
  @ValidateNested({ each: true }) @Type(() => TemplateView) templates: TemplateView[];
}

export const TemplateList = endpoint<Record<string, never>, PageQuery, TemplateListView>({
  method: 'GET',
  path: '/api/ai-automation/templates',
  aliases: [{ path: '/api/ai-automation/template' }],
  subject: 'automation.templates.list',
  access: { kind: 'user', scope: 'read:automation', permission: 'AUTOMATION_READ' },
  query: PageQuery,
  response: TemplateListView,
  status: 200,
  summary: 'Built-in workflows to start from',
  tag: 'automation',
});

export const TemplateGet = endpoint<Record<string, never>, Record<string, never>, TemplateView>({
  method: 'GET',
  path: '/api/ai-automation/templates/:id',
  aliases: [{ path: '/api/ai-automation/template/:id' }],
  subject: 'automation.templates.get',
  params: TemplateParams,
  access: { kind: 'user', scope: 'read:automation', permission: 'AUTOMATION_READ' },
  response: TemplateView,
  status: 200,
  summary: 'One built-in workflow, its params and the steps it makes',
  tag: 'automation',
  errors: [404],
});
