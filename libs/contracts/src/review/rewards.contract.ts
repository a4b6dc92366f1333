import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, ValidateNested } from 'class-validator';
import { endpoint } from '../common/endpoint';
import { IdParams } from '../common/id-params';
import { ListMeta, PageQuery } from '../common/pagination';

export const REWARD_STATUSES = ['pending', 'received'] as const;
export type RewardStatus = (typeof REWARD_STATUSES)[number];

export class RewardListQuery extends PageQuery {
  @IsOptional() @IsIn(REWARD_STATUSES) status?: RewardStatus;
}

export class RewardView {
  @IsUUID() id: string;
  @IsUUID() reward_id: string;
  @IsUUID() application_id: string;
  @IsUUID() account_id: string;
  @IsString() source_platform: string;
  @IsString() title: string;
  @IsInt() amount_krw: number;
  @IsIn(['KRW']) currency: 'KRW';
  /** `pending` until the reviewer confirms receiving it (rewards are tracked, not paid out here). */
  @IsIn(REWARD_STATUSES) status: RewardStatus;
  @IsString() recorded_at: string;
  @IsOptional() @IsString() received_at: string | null;
}

export class RewardSummary {
  @IsInt() total_krw: number;
  @IsInt() pending_krw: number;
  @IsInt() received_krw: number;
  @IsInt() count: number;
}

export class RewardListView extends ListMeta {
  @ValidateNested({ each: true }) @Type(() => RewardView) rewards: RewardView[];
  @ValidateNested() @Type(() => RewardSummary) summary: RewardSummary;
}

export const RewardList = endpoint<Record<string, never>, RewardListQuery, RewardListView>({
  method: 'GET',
  path: '/api/review/rewards',
  subject: 'review.rewards.list',
  access: { kind: 'user', scope: 'read:review' },
  query: RewardListQuery,
  response: RewardListView,
  status: 200,
  summary: "The caller's rewards (KRW) with a summary: total, pending, received",
  tag: 'review',
});

export const RewardGet = endpoint<Record<string, never>, Record<string, never>, RewardView>({
  method: 'GET',
  path: '/api/review/rewards/:id',
  subject: 'review.rewards.get',
  params: IdParams,
  access: { kind: 'user', scope: 'read:review' },
  response: RewardView,
  status: 200,
  summary: 'One reward',
  tag: 'review',
  errors: [404],
});

export const RewardConfirmReceived = endpoint<Record<string, never>, Record<string, never>, RewardView>({
  method: 'POST',
  path: '/api/review/rewards/:id/confirm-received',
  subject: 'review.rewards.confirm_received',
  params: IdParams,
  access: { kind: 'user', scope: 'write:review' },
  response: RewardView,
  status: 200,
  summary: 'The reviewer confirms the reward arrived (once)',
  tag: 'review',
  errors: [404, 409],
});
