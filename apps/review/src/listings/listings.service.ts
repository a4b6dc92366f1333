import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import {
  ACCOUNT_PLATFORMS,
  CategoryListView,
  LISTING_PLATFORMS,
  ListingListQuery,
  ListingListView,
  ListingView,
  listView,
  PageQuery,
  PlatformListView,
  resolvePage,
  resolveSort,
  REVIEW_CATEGORIES,
  UserContext,
} from '@sf/contracts';
import { NotFound } from '@sf/errors';
import { LISTING_SOURCES, ListingSource } from '../sources/listing-source';
import { Bookmark, Listing } from './listing.entity';
import { toListingView } from './listing.view';

const SORT_COLUMNS: Record<string, string> = {
  reward_value: 'l.reward_krw',
  reward_krw: 'l.reward_krw',
  deadline: 'l.deadline',
  created_at: 'l.created_at',
  title: 'l.title',
};

const ACCOUNT_PLATFORM_NAMES: Record<string, string> = {
  naver: 'Naver blog',
  blog: 'Naver blog',
  instagram: 'Instagram',
  youtube: 'YouTube',
};

/** Reading the gathered listings, and the caller's bookmarks of them. */
@Injectable()
export class ListingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(LISTING_SOURCES) private readonly sources: ListingSource[],
  ) {}

  async aggregated(ctx: UserContext, query: ListingListQuery): Promise<ListingListView> {
    const page = resolvePage(query);
    const sort = resolveSort(query, { field: 'created_at', direction: 'DESC' });
    const qb = this.dataSource.getRepository(Listing).createQueryBuilder('l');
    if ((query.status ?? 'open') !== 'all') qb.andWhere('l.status = :status', { status: query.status ?? 'open' });
    if (query.platform) qb.andWhere('l.source_platform = :platform', { platform: query.platform });
    if (query.category) qb.andWhere('l.category = :category', { category: query.category });
    if (query.min_reward_krw !== undefined) qb.andWhere('l.reward_krw >= :min', { min: query.min_reward_krw });
    qb.orderBy(SORT_COLUMNS[sort.field], sort.direction, sort.direction === 'ASC' ? 'NULLS LAST' : 'NULLS LAST')
      .addOrderBy('l.id', 'ASC')
      .skip(page.offset)
      .take(page.limit);
    const [rows, total] = await qb.getManyAndCount();
    return listView('listings', await this.views(ctx, rows), total, page);
  }

  async get(ctx: UserContext, id: string): Promise<ListingView> {
    const listing = await this.dataSource.getRepository(Listing).findOneBy({ id });
    if (!listing) throw new NotFound('Listing');
    return (await this.views(ctx, [listing]))[0];
  }

  async bookmark(ctx: UserContext, id: string): Promise<ListingView> {
    const listing = await this.dataSource.getRepository(Listing).findOneBy({ id });
    if (!listing) throw new NotFound('Listing');
    await this.dataSource.createQueryBuilder().insert().into(Bookmark).values({ userId: ctx.user_id, listingId: id }).orIgnore().execute();
    return (await this.views(ctx, [listing]))[0];
  }

  async unbookmark(ctx: UserContext, id: string): Promise<void> {
    const result = await this.dataSource.getRepository(Bookmark).delete({ userId: ctx.user_id, listingId: id });
    if (!result.affected) throw new NotFound('Bookmark');
  }

  async bookmarked(ctx: UserContext, query: PageQuery): Promise<ListingListView> {
    const page = resolvePage(query);
    const [{ total }] = (await this.dataSource.query(`SELECT count(*)::int AS total FROM bookmarks WHERE user_id = $1`, [ctx.user_id])) as {
      total: number;
    }[];
    const ids = (await this.dataSource.query(
      `SELECT listing_id FROM bookmarks WHERE user_id = $1 ORDER BY created_at DESC, listing_id ASC LIMIT $2 OFFSET $3`,
      [ctx.user_id, page.limit, page.offset],
    )) as { listing_id: string }[];
    const found = await this.dataSource.getRepository(Listing).findBy({ id: In(ids.map((i) => i.listing_id)) });
    const byId = new Map(found.map((l) => [l.id, l]));
    const rows = ids.map((i) => byId.get(i.listing_id)).filter((l): l is Listing => !!l);
    return listView('listings', await this.views(ctx, rows), total, page);
  }

  async categories(): Promise<CategoryListView> {
    const rows = (await this.dataSource.query(
      `SELECT category, count(*)::int AS n FROM listings WHERE status = 'open' GROUP BY category`,
    )) as { category: string; n: number }[];
    const counts = new Map(rows.map((r) => [r.category, r.n]));
    const categories = REVIEW_CATEGORIES.map((c) => ({ slug: c.slug, name: c.name, open_listings: counts.get(c.name) ?? 0 }));
    return { categories, total: categories.length };
  }

  async platforms(): Promise<PlatformListView> {
    const rows = (await this.dataSource.query(
      `SELECT source_platform, count(*)::int AS n FROM listings WHERE status = 'open' GROUP BY source_platform`,
    )) as { source_platform: string; n: number }[];
    const counts = new Map(rows.map((r) => [r.source_platform, r.n]));
    const platforms = [
      ...LISTING_PLATFORMS.map((p) => {
        const source = this.sources.find((s) => s.platform === p);
        return {
          id: p,
          name: source?.name ?? p,
          kind: 'listings' as const,
          accepts_api_applications: !!source?.acceptsApplications,
          open_listings: counts.get(p) ?? 0,
        };
      }),
      ...ACCOUNT_PLATFORMS.map((p) => ({
        id: p,
        name: ACCOUNT_PLATFORM_NAMES[p],
        kind: 'accounts' as const,
        accepts_api_applications: false,
        open_listings: 0,
      })),
    ];
    return { platforms, total: platforms.length };
  }

  private async views(ctx: UserContext, rows: Listing[]): Promise<ListingView[]> {
    if (rows.length === 0) return [];
    const marks = (await this.dataSource.query(`SELECT listing_id FROM bookmarks WHERE user_id = $1 AND listing_id = ANY($2)`, [
      ctx.user_id,
      rows.map((r) => r.id),
    ])) as { listing_id: string }[];
    const marked = new Set(marks.map((m) => m.listing_id));
    return rows.map((r) =>
      toListingView(r, marked.has(r.id), !!this.sources.find((s) => s.platform === r.sourcePlatform)?.acceptsApplications),
    );
  }
}
