import { ENTITLEMENT_ENTITIES } from '@sf/entitlements';
import { EVENT_ENTITIES } from '@sf/events';
import { SnsAccount } from './accounts/account.entity';
import { AiUsage } from './ai/ai-usage.entity';
import { FollowerCount, MetricSnapshot } from './analytics/snapshot.entity';
import { SnsAutomation } from './automations/automation.entity';
import { SnsCampaign } from './campaigns/campaign.entity';
import { SnsFile } from './files/file.entity';
import { SnsCompetitor, TrendSnapshot } from './insights/insights.entity';
import { BioLink, BioPage, LinkClick } from './links/link.entity';
import { SnsPost, SnsPostTarget } from './posts/post.entity';
import { SnsSettings } from './settings/settings.entity';
import { IDEMPOTENCY_ENTITIES } from '@sf/idempotency';

export const SNS_ENTITIES = [
  ...IDEMPOTENCY_ENTITIES,
  SnsAccount,
  SnsPost,
  SnsPostTarget,
  SnsSettings,
  SnsFile,
  BioPage,
  BioLink,
  LinkClick,
  MetricSnapshot,
  FollowerCount,
  AiUsage,
  SnsCampaign,
  SnsAutomation,
  TrendSnapshot,
  SnsCompetitor,
  ...ENTITLEMENT_ENTITIES,
  ...EVENT_ENTITIES,
];
