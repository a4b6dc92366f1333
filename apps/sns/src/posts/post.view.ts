import type { PostView, SnsPostEventData, TargetStatus } from '@sf/contracts';
import type { SnsPost, SnsPostTarget } from './post.entity';

/** The post's overall state: the least advanced target still in motion, else failed over published. */
export function overallStatus(targets: SnsPostTarget[]): TargetStatus {
  const has = (s: TargetStatus) => targets.some((t) => t.status === s);
  for (const s of ['publishing', 'scheduled', 'draft', 'failed'] as const) if (has(s)) return s;
  return targets.length ? 'published' : 'draft';
}

export function toPostView(post: SnsPost, targets: SnsPostTarget[]): PostView {
  const published = targets.map((t) => t.publishedAt).filter((d): d is Date => !!d);
  return {
    id: post.id,
    post_id: post.id,
    content: post.content,
    template_type: post.templateType,
    image_url: post.media[0] ?? null,
    image_urls: post.media,
    status: overallStatus(targets),
    platforms: [...new Set(targets.map((t) => t.platform))],
    targets: targets.map((t) => ({
      id: t.id,
      account_id: t.accountId,
      platform: t.platform,
      account_name: t.accountName,
      status: t.status,
      external_id: t.externalId,
      external_url: t.externalUrl,
      error: t.error,
      attempts: t.attempts,
      published_at: t.publishedAt?.toISOString() ?? null,
    })),
    scheduled_at: post.scheduledAt?.toISOString() ?? null,
    published_at: published.length ? new Date(Math.min(...published.map((d) => d.getTime()))).toISOString() : null,
    automation_id: post.automationId,
    campaign_id: post.campaignId,
    created_at: post.createdAt.toISOString(),
    updated_at: post.updatedAt.toISOString(),
  };
}

export function postEventData(post: SnsPost, targets: SnsPostTarget[]): SnsPostEventData {
  return {
    post_id: post.id,
    user_id: post.userId,
    status: overallStatus(targets),
    platforms: [...new Set(targets.map((t) => t.platform))],
    scheduled_at: post.scheduledAt?.toISOString() ?? null,
    created_at: post.createdAt.toISOString(),
  };
}
