import { Initial1796618329051 } from './1796618329051-Initial';
import { CampaignRemovedAt1796800000002 } from './1796800000002-CampaignRemovedAt';
import { IdempotencyRecords1796900000000 } from './1796900000000-IdempotencyRecords';

export const REVIEW_MIGRATIONS = [Initial1796618329051, CampaignRemovedAt1796800000002, IdempotencyRecords1796900000000];
