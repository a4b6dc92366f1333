import { Initial1796618329051 } from './1796618329051-Initial';
import { CampaignRemovedAt1796800000002 } from './1796800000002-CampaignRemovedAt';

export const REVIEW_MIGRATIONS = [Initial1796618329051, CampaignRemovedAt1796800000002];
