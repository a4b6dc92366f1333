import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { endpoint } from '../common/endpoint';
import { IdParams } from '../common/id-params';
import { ListMeta, PageQuery } from '../common/pagination';
import { Trim } from '../common/trim';
import { TIME_OF_DAY } from '../coocook/coocook-fields';
import { AI_LANGUAGES, AI_TONES } from './ai.contract';
import { PostView } from './posts.contract';
import { PlatformName, SNS_PLATFORMS, SnsPlatform } from './sns-fields';

export const FREQUENCIES = ['daily', 'weekly', 'monthly'] as const;
export type Frequency = (typeof FREQUENCIES)[number];
export const AUTOMATION_STATUSES = ['active', 'paused'] as const;
export type AutomationStatus = (typeof AUTOMATION_STATUSES)[number];

export class CreateAutomationDto {
  @Trim() @IsString() @Length(1, 500) topic: string;
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(SNS_PLATFORMS.length)
  @PlatformName()
  @IsIn(SNS_PLATFORMS, { each: true })
  platforms: SnsPlatform[];
  @IsIn(FREQUENCIES) frequency: Frequency;
  @IsOptional() @IsString() @MaxLength(2000) description?: string;
  /** Local time of day to post, in the user's time zone (settings); default 09:00. */
  @IsOptional() @IsString() @Matches(TIME_OF_DAY, { message: 'time_of_day must be HH:MM' }) time_of_day?: string;
  @IsOptional() @IsIn(AI_TONES) tone?: (typeof AI_TONES)[number];
  @IsOptional() @IsIn(AI_LANGUAGES) language?: (typeof AI_LANGUAGES)[number];
}

export class UpdateAutomationDto {
  @ValidateIf((_d, v) => v !== undefined) @Trim() @IsString() @Length(1, 500) topic?: string;
  @ValidateIf((_d, v) => v !== undefined)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(SNS_PLATFORMS.length)
  @PlatformName()
  @IsIn(SNS_PLATFORMS, { each: true })
  platforms?: SnsPlatform[];
  @ValidateIf((_d, v) => v !== undefined) @IsIn(FREQUENCIES) frequency?: Frequency;
  @IsOptional() @IsString() @MaxLength(2000) description?: string | null;
  @ValidateIf((_d, v) => v !== undefined) @IsString() @Matches(TIME_OF_DAY, { message: 'time_of_day must be HH:MM' }) time_of_day?: string;
  @ValidateIf((_d, v) => v !== undefined) @IsIn(AUTOMATION_STATUSES) status?: AutomationStatus;
}

export class AutomationView {
  @IsUUID() id: string;
  @IsUUID() automation_id: string;
  @IsString() topic: string;
  @IsIn(SNS_PLATFORMS, { each: true }) platforms: SnsPlatform[];
  @IsIn(FREQUENCIES) frequency: Frequency;
  @IsOptional() @IsString() description: string | null;
  @IsString() time_of_day: string;
  @IsString() time_zone: string;
  @IsIn(AUTOMATION_STATUSES) status: AutomationStatus;
  /** When it runs next (UTC); null while paused. */
  @IsOptional() @IsString() next_run: string | null;
  @IsOptional() @IsString() last_run: string | null;
  @IsOptional() @IsString() last_error: string | null;
  @IsInt() runs_count: number;
  @IsString() created_at: string;
  @IsString() updated_at: string;
}

export class AutomationListView extends ListMeta {
  @ValidateNested({ each: true }) @Type(() => AutomationView) automations: AutomationView[];
}

export class AutomationRunView {
  @ValidateNested() @Type(() => AutomationView) automation: AutomationView;
  /** The post the run wrote and sent to be published. */
  @ValidateNested() @Type(() => PostView) post: PostView;
}

const user = (scope: string) => ({ kind: 'user' as const, scope });

export const SnsAutomationCreate = endpoint<CreateAutomationDto, Record<string, never>, AutomationView>({
  method: 'POST',
  path: '/api/sns/automate',
  subject: 'sns.automations.create',
  access: user('write:sns'),
  body: CreateAutomationDto,
  response: AutomationView,
  status: 201,
  idempotent: true,
  summary: 'Post on a topic at a frequency: each run has the AI provider write the post and publishes it',
  tag: 'sns',
});

export const SnsAutomationList = endpoint<Record<string, never>, PageQuery, AutomationListView>({
  method: 'GET',
  path: '/api/sns/automate',
  subject: 'sns.automations.list',
  access: user('read:sns'),
  query: PageQuery,
  response: AutomationListView,
  status: 200,
  summary: "The caller's automations",
  tag: 'sns',
});

export const SnsAutomationGet = endpoint<Record<string, never>, Record<string, never>, AutomationView>({
  method: 'GET',
  path: '/api/sns/automate/:id',
  subject: 'sns.automations.get',
  params: IdParams,
  access: user('read:sns'),
  response: AutomationView,
  status: 200,
  summary: 'One automation',
  tag: 'sns',
  errors: [404],
});

export const SnsAutomationUpdate = endpoint<UpdateAutomationDto, Record<string, never>, AutomationView>({
  method: 'PUT',
  path: '/api/sns/automate/:id',
  subject: 'sns.automations.update',
  params: IdParams,
  access: user('write:sns'),
  body: UpdateAutomationDto,
  response: AutomationView,
  status: 200,
  summary: 'Change an automation, pause or resume it (next_run follows)',
  tag: 'sns',
  errors: [404],
});

export const SnsAutomationDelete = endpoint<Record<string, never>, Record<string, never>, void>({
  method: 'DELETE',
  path: '/api/sns/automate/:id',
  subject: 'sns.automations.delete',
  params: IdParams,
  access: user('write:sns'),
  status: 204,
  summary: 'Stop an automation for good',
  tag: 'sns',
  errors: [404],
});

export const SnsAutomationRun = endpoint<Record<string, never>, Record<string, never>, AutomationRunView>({
  method: 'POST',
  path: '/api/sns/automate/:id/run',
  subject: 'sns.automations.run',
  params: IdParams,
  access: user('write:sns'),
  response: AutomationRunView,
  status: 200,
  summary: 'Run now: the AI provider writes the post for the topic and it is published to the platforms',
  tag: 'sns',
  errors: [404, 422, 429, 503],
});
