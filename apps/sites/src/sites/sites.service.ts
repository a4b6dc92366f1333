import { Inject, Injectable } from '@nestjs/common';
import { inTransaction } from '@sf/idempotency';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import {
  CreateSiteDto,
  listView,
  resolvePage,
  resolveSort,
  SITE_SLUG,
  SiteListQuery,
  SiteDetailView,
  SiteListView,
  SiteView,
  UpdateSiteDto,
  UserContext,
} from '@sf/contracts';
import { Conflict } from '@sf/errors';
import { SiteObjectStore } from '../objects/site-object-store';
import { Ownership } from './ownership';
import { SITES_CONFIG, SitesConfig } from '../sites.config';
import { Site } from './site.entity';

const SORT_COLUMNS: Record<string, string> = { created_at: 's.created_at', updated_at: 's.updated_at', name: 's.name' };

/** A slug made from a name: lower-case ASCII words joined by dashes, 3..40 characters. */
export function slugFrom(name: string): string {
  const base = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return base.length >= 3 ? base : `site-${base || randomBytes(3).toString('hex')}`.replace(/-+$/, '');
}

function isUniqueViolation(error: unknown): boolean {
  return (
    (error as { code?: string; driverError?: { code?: string } }).driverError?.code === '23505' ||
    (error as { code?: string }).code === '23505'
  );
}

/** Sites: their owner creates, lists, renames and deletes them. */
@Injectable()
export class SitesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SITES_CONFIG) private readonly config: SitesConfig,
    private readonly ownership: Ownership,
    private readonly objects: SiteObjectStore,
  ) {}

  async create(ctx: UserContext, dto: CreateSiteDto): Promise<SiteView> {
    await this.ownership.requireProduct(ctx);
    const name = dto.name.trim();
    // An explicit slug that is taken is a 409; a derived one gets a suffix until it is free.
    const candidates = dto.slug
      ? [dto.slug]
      : [slugFrom(name), ...Array.from({ length: 4 }, () => `${slugFrom(name)}-${randomBytes(3).toString('hex')}`)];
    const repository = this.dataSource.getRepository(Site);
    for (const slug of candidates) {
      // Checked first so that a taken slug is an answer, not a failed insert; the unique index settles races.
      if (!SITE_SLUG.test(slug) || (await repository.existsBy({ slug }))) continue;
      try {
        const site = await repository.save({ ownerId: ctx.user_id, name, slug });
        return this.view(site, 0);
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
    }
    throw new Conflict('That slug is taken', { slug: dto.slug ?? null });
  }

  async list(ctx: UserContext, query: SiteListQuery): Promise<SiteListView> {
    await this.ownership.requireProduct(ctx);
    const page = resolvePage(query);
    const sort = resolveSort(query, { field: 'created_at', direction: 'DESC' });
    const qb = this.dataSource.getRepository(Site).createQueryBuilder('s').where('s.owner_id = :owner', { owner: ctx.user_id });
    if (query.status === 'published') qb.andWhere('s.live_version IS NOT NULL');
    if (query.status === 'draft') qb.andWhere('s.live_version IS NULL');
    qb.orderBy(SORT_COLUMNS[sort.field], sort.direction).addOrderBy('s.id', 'ASC').skip(page.offset).take(page.limit);
    const [rows, total] = await qb.getManyAndCount();
    const counts = await this.pageCounts(
      this.dataSource.manager,
      rows.map((r) => r.id),
    );
    return listView(
      'sites',
      rows.map((s) => this.view(s, counts.get(s.id) ?? 0)),
      total,
      page,
    );
  }

  async get(ctx: UserContext, id: string): Promise<SiteDetailView> {
    await this.ownership.requireProduct(ctx);
    const site = await this.ownership.site(this.dataSource.manager, ctx, id);
    // The pages' table belongs to the pages feature; read here as rows, not through its entity.
    const pages = (await this.dataSource.query(
      `SELECT id, site_id, title, path, created_at, updated_at FROM pages WHERE site_id = $1 ORDER BY path ASC`,
      [site.id],
    )) as { id: string; site_id: string; title: string; path: string; created_at: Date; updated_at: Date }[];
    return {
      ...this.view(site, pages.length),
      pages: pages.map((p) => ({ ...p, created_at: p.created_at.toISOString(), updated_at: p.updated_at.toISOString() })),
    };
  }

  async update(ctx: UserContext, id: string, dto: UpdateSiteDto): Promise<SiteView> {
    await this.ownership.requireProduct(ctx);
    try {
      return await inTransaction(this.dataSource, async (manager) => {
        const site = await this.ownership.site(manager, ctx, id, true);
        if (dto.name !== undefined) site.name = dto.name.trim();
        if (dto.slug !== undefined && dto.slug !== site.slug) {
          if (await manager.existsBy(Site, { slug: dto.slug })) throw new Conflict('That slug is taken', { slug: dto.slug });
          site.slug = dto.slug;
        }
        await manager.save(Site, site);
        return this.view(site, (await this.pageCounts(manager, [id])).get(id) ?? 0);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new Conflict('That slug is taken', { slug: dto.slug ?? null });
      throw error;
    }
  }

  /** Deletes the site and everything of it; its published objects go after the rows do. */
  async remove(ctx: UserContext, id: string): Promise<void> {
    await this.ownership.requireProduct(ctx);
    await inTransaction(this.dataSource, async (manager) => {
      const site = await this.ownership.site(manager, ctx, id, true);
      await manager.query(`DELETE FROM form_submissions WHERE site_id = $1`, [site.id]);
      await manager.query(`DELETE FROM components WHERE site_id = $1`, [site.id]);
      await manager.query(`DELETE FROM pages WHERE site_id = $1`, [site.id]);
      await manager.query(`DELETE FROM site_versions WHERE site_id = $1`, [site.id]);
      await manager.delete(Site, { id: site.id });
    });
    // Not served any more once the rows are gone; the objects are only storage now.
    await this.objects.deletePrefix(`sites/${id}/`).catch(() => undefined);
  }

  private async pageCounts(manager: EntityManager, ids: string[]): Promise<Map<string, number>> {
    if (!ids.length) return new Map();
    const rows = (await manager.query(`SELECT site_id, count(*)::int AS n FROM pages WHERE site_id = ANY($1) GROUP BY site_id`, [ids])) as {
      site_id: string;
      n: number;
    }[];
    return new Map(rows.map((r) => [r.site_id, r.n]));
  }

  /** Where a site is served. */
  urlOf(slug: string): string {
    return `${this.config.publicUrl}/sites/${slug}`;
  }

  view(site: Site, pageCount: number): SiteView {
    return {
      id: site.id,
      name: site.name,
      slug: site.slug,
      status: site.liveVersion === null ? 'draft' : 'published',
      published_version: site.liveVersion,
      url: site.liveVersion === null ? null : this.urlOf(site.slug),
      page_count: pageCount,
      created_at: site.createdAt.toISOString(),
      updated_at: site.updatedAt.toISOString(),
    };
  }
}
