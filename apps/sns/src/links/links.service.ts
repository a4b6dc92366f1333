import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  BioClickQuery,
  BioPageView,
  CreateLinkDto,
  LinkListView,
  LinkStatsView,
  LinkView,
  listView,
  PageQuery,
  RedirectReply,
  resolvePage,
  UpdateLinkDto,
  UserContext,
} from '@sf/contracts';
import { Entitlements } from '@sf/entitlements';
import { Conflict, NotFound } from '@sf/errors';
import { SNS_PRODUCT } from '../accounts/accounts.service';
import { SNS_CONFIG, SnsConfig } from '../sns.config';
import { BioLink, BioPage, LinkClick } from './link.entity';
import { inTransaction } from '@sf/idempotency';

const KNOWN_PLATFORMS: Record<string, string> = {
  instagram: 'instagram',
  'instagram.com': 'instagram',
  ig: 'instagram',
  twitter: 'twitter',
  x: 'twitter',
  'x.com': 'twitter',
  't.co': 'twitter',
  'twitter.com': 'twitter',
  tiktok: 'tiktok',
  'tiktok.com': 'tiktok',
  youtube: 'youtube',
  'youtube.com': 'youtube',
  linkedin: 'linkedin',
  'linkedin.com': 'linkedin',
  facebook: 'facebook',
  'facebook.com': 'facebook',
};

/** The platform a click came from: `utm_source`/`src` if given, else the referrer's host. */
export function clickPlatform(query: BioClickQuery): string {
  const source = (query.utm_source ?? query.src)?.trim().toLowerCase();
  if (source) return (KNOWN_PLATFORMS[source] ?? source).slice(0, 50);
  if (query.ref) {
    try {
      const host = new URL(query.ref).hostname.replace(/^(www|m|l)\./, '');
      return KNOWN_PLATFORMS[host] ?? 'other';
    } catch {
      return 'other';
    }
  }
  return 'direct';
}

/** Link-in-bio: a user's links, their public page, and the clicks counted on the way out. */
@Injectable()
export class LinksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SNS_CONFIG) private readonly config: SnsConfig,
    private readonly entitlements: Entitlements,
  ) {}

  async create(ctx: UserContext, dto: CreateLinkDto): Promise<LinkView> {
    await this.entitlements.require(ctx, SNS_PRODUCT);
    return inTransaction(this.dataSource, async (manager) => {
      const page = await this.pageOf(manager, ctx.user_id, dto.slug);
      const position =
        dto.position ??
        Number(
          (await manager.query(`SELECT COALESCE(MAX(position) + 1, 0) AS next FROM bio_links WHERE user_id = $1`, [ctx.user_id]))[0].next,
        );
      const link = await manager.save(
        BioLink,
        manager.create(BioLink, { userId: ctx.user_id, title: dto.title, url: dto.url, iconType: dto.icon_type ?? 'link', position }),
      );
      return this.view(link, page.slug, 0);
    });
  }

  async list(ctx: UserContext, query: PageQuery): Promise<LinkListView> {
    await this.entitlements.require(ctx, SNS_PRODUCT);
    const page = resolvePage(query);
    const [links, total] = await this.dataSource
      .getRepository(BioLink)
      .findAndCount({ where: { userId: ctx.user_id }, order: { position: 'ASC', createdAt: 'ASC' }, skip: page.offset, take: page.limit });
    const views = await this.views(links);
    return listView('links', views, total, page);
  }

  async get(ctx: UserContext, id: string): Promise<LinkView> {
    await this.entitlements.require(ctx, SNS_PRODUCT);
    return (await this.views([await this.findOwned(ctx.user_id, id)]))[0];
  }

  async update(ctx: UserContext, id: string, dto: UpdateLinkDto): Promise<LinkView> {
    await this.entitlements.require(ctx, SNS_PRODUCT);
    const link = await this.findOwned(ctx.user_id, id);
    if (dto.title !== undefined) link.title = dto.title;
    if (dto.url !== undefined) link.url = dto.url;
    if (dto.icon_type !== undefined) link.iconType = dto.icon_type;
    if (dto.position !== undefined) link.position = dto.position;
    await this.dataSource.getRepository(BioLink).save(link);
    return (await this.views([link]))[0];
  }

  async delete(ctx: UserContext, id: string): Promise<void> {
    await this.entitlements.require(ctx, SNS_PRODUCT);
    const link = await this.findOwned(ctx.user_id, id);
    await inTransaction(this.dataSource, async (manager) => {
      await manager.delete(LinkClick, { linkId: link.id });
      await manager.delete(BioLink, { id: link.id });
    });
  }

  /** Counted in SQL over the recorded clicks. */
  async stats(ctx: UserContext, id: string): Promise<LinkStatsView> {
    await this.entitlements.require(ctx, SNS_PRODUCT);
    const link = await this.findOwned(ctx.user_id, id);
    const byDate: { date: string; clicks: string }[] = await this.dataSource.query(
      `SELECT to_char(clicked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS date, count(*) AS clicks
         FROM link_clicks WHERE link_id = $1 GROUP BY 1 ORDER BY 1`,
      [link.id],
    );
    const byPlatform: { platform: string; clicks: string }[] = await this.dataSource.query(
      `SELECT platform, count(*) AS clicks FROM link_clicks WHERE link_id = $1 GROUP BY 1 ORDER BY 2 DESC, 1`,
      [link.id],
    );
    const referrers: { referrer: string; clicks: string }[] = await this.dataSource.query(
      `SELECT referrer, count(*) AS clicks FROM link_clicks WHERE link_id = $1 AND referrer IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 20`,
      [link.id],
    );
    return {
      link_id: link.id,
      total_clicks: byDate.reduce((sum, r) => sum + Number(r.clicks), 0),
      clicks_by_date: byDate.map((r) => ({ date: r.date, clicks: Number(r.clicks) })),
      clicks_by_platform: byPlatform.map((r) => ({ platform: r.platform, clicks: Number(r.clicks) })),
      referrers: referrers.map((r) => ({ referrer: r.referrer, clicks: Number(r.clicks) })),
    };
  }

  /** The public page: anyone may read it. */
  async page(slug: string): Promise<BioPageView> {
    const page = await this.dataSource.getRepository(BioPage).findOneBy({ slug });
    if (!page) throw new NotFound('Page');
    const links = await this.dataSource
      .getRepository(BioLink)
      .find({ where: { userId: page.userId }, order: { position: 'ASC', createdAt: 'ASC' } });
    return {
      slug,
      links: links.map((l) => ({
        link_id: l.id,
        title: l.title,
        icon_type: l.iconType,
        position: l.position,
        url: this.publicUrl(slug, l.id),
      })),
    };
  }

  /** Counts the click and answers where to send the visitor: the stored URL, nothing else. */
  async click(slug: string, linkId: string, query: BioClickQuery): Promise<RedirectReply> {
    const page = await this.dataSource.getRepository(BioPage).findOneBy({ slug });
    const link = page ? await this.dataSource.getRepository(BioLink).findOneBy({ id: linkId, userId: page.userId }) : null;
    if (!page || !link) throw new NotFound('Link');
    await this.dataSource.getRepository(LinkClick).insert({
      linkId: link.id,
      userId: link.userId,
      platform: clickPlatform(query),
      referrer: query.ref?.slice(0, 500) ?? null,
    });
    return { location: link.url };
  }

  private async pageOf(manager: EntityManager, userId: string, wanted?: string): Promise<BioPage> {
    const existing = await manager.findOneBy(BioPage, { userId });
    if (existing) {
      if (wanted && wanted !== existing.slug) throw new Conflict('Your page already has an address', { slug: existing.slug });
      return existing;
    }
    const slug = wanted ?? `bio-${randomBytes(5).toString('hex')}`;
    const taken = await manager.findOneBy(BioPage, { slug });
    if (taken) throw new Conflict('That page address is taken', { slug });
    return manager.save(BioPage, manager.create(BioPage, { userId, slug }));
  }

  private async findOwned(userId: string, id: string): Promise<BioLink> {
    const link = await this.dataSource.getRepository(BioLink).findOneBy({ id });
    if (!link || link.userId !== userId) throw new NotFound('Link');
    return link;
  }

  private async views(links: BioLink[]): Promise<LinkView[]> {
    if (!links.length) return [];
    const page = await this.dataSource.getRepository(BioPage).findOneByOrFail({ userId: links[0].userId });
    const counts: { link_id: string; clicks: string }[] = await this.dataSource.query(
      `SELECT link_id, count(*) AS clicks FROM link_clicks WHERE link_id = ANY($1) GROUP BY 1`,
      [links.map((l) => l.id)],
    );
    return links.map((l) => this.view(l, page.slug, Number(counts.find((c) => c.link_id === l.id)?.clicks ?? 0)));
  }

  private view(l: BioLink, slug: string, clicks: number): LinkView {
    return {
      id: l.id,
      link_id: l.id,
      slug,
      title: l.title,
      url: l.url,
      icon_type: l.iconType,
      position: l.position,
      click_count: clicks,
      public_url: this.publicUrl(slug, l.id),
      created_at: l.createdAt.toISOString(),
      updated_at: l.updatedAt.toISOString(),
    };
  }

  private publicUrl(slug: string, linkId: string): string {
    return `${this.config.publicBaseUrl}/api/sns/bio/${slug}/${linkId}`;
  }
}
