import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import {
  AuthSetRoles,
  ChefDetailView,
  ChefListQuery,
  ChefListView,
  ChefReviewListView,
  ChefReviewsQuery,
  ChefSortField,
  ChefView,
  listView,
  RegisterChefDto,
  resolvePage,
  resolveSort,
  Role,
  UpdateChefDto,
  UserContext,
} from '@sf/contracts';
import { Conflict, Forbidden, NotFound, ValidationFailed } from '@sf/errors';
import { RpcClient } from '@sf/messaging';
import { BookingReview } from './booking-review.entity';
import { CoocookEvents } from '../shared/coocook-events';
import { isUniqueViolation } from '../shared/database-errors';
import { ImageResolver } from '../shared/image-resolver';
import { isTimeZone } from './availability';
import { Chef, ChefActivity } from './chef.entity';
import { toChefReviewView, toChefView } from './chef.view';
import { inTransaction } from '@sf/idempotency';
import { countRating } from '../shared/ratings';

const SORT_COLUMNS: Record<ChefSortField, string> = {
  rating_avg: 'c.rating_avg',
  rating_count: 'c.rating_count',
  hourly_rate_krw: 'c.hourly_rate_krw',
  created_at: 'c.created_at',
  name: 'c.name',
  followers_count: 'c.followers_count',
};

/** ChefView (as toChefView writes it) built by Postgres from a row `c` of chefs. */
const CHEF_VIEW_JSON = `json_build_object(
  'id', c.id, 'user_id', c.user_id, 'name', c.name, 'bio', c.bio, 'cuisine', c.cuisine, 'location', c.location,
  'hourly_rate_krw', c.hourly_rate_krw, 'image_url', c.image_url, 'time_zone', c.time_zone,
  'rating_avg', c.rating_avg::float8, 'rating_count', c.rating_count, 'followers_count', c.followers_count,
  'created_at', to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
  'updated_at', to_char(c.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))`;

/** Chef profiles: registration (which grants the chef role), the public list and detail, updates. */
@Injectable()
export class ChefsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rpc: RpcClient,
    private readonly events: CoocookEvents,
    private readonly images: ImageResolver,
  ) {}

  async register(ctx: UserContext, dto: RegisterChefDto): Promise<ChefView> {
    const userId = ctx.user_id;
    const timeZone = dto.time_zone ?? 'Asia/Seoul';
    if (!isTimeZone(timeZone)) throw new ValidationFailed({ time_zone: ['is not a known time zone'] });
    if (await this.dataSource.getRepository(Chef).existsBy({ userId })) throw new Conflict('You are already registered as a chef');
    const imageUrl = (await this.images.resolve(ctx, dto.image_url)) ?? null;
    // The role first, outside any transaction: granting is idempotent, so a registration that
    // fails after it (or a crash) is simply asked again, and the profile below commits only once
    // auth has answered.
    const roles: Role[] = [...new Set<Role>([...ctx.roles, 'chef'])];
    await this.rpc.call(AuthSetRoles, { ctx, body: { user_id: userId, roles } });
    try {
      return await inTransaction(this.dataSource, async (manager) => {
        const chef = await manager.save(
          Chef,
          manager.create(Chef, {
            userId,
            name: dto.name,
            bio: dto.bio?.trim() ?? '',
            cuisine: dto.cuisine,
            location: dto.location,
            hourlyRateKrw: dto.hourly_rate_krw,
            imageUrl,
            timeZone,
          }),
        );
        await this.events.record(manager, 'chef.registered', chef.id, {
          chef_id: chef.id,
          user_id: userId,
          name: chef.name,
          cuisine: chef.cuisine,
          location: chef.location,
          hourly_rate_krw: chef.hourlyRateKrw,
        });
        return toChefView(chef);
      });
    } catch (error) {
      if (isUniqueViolation(error, 'chefs_user_id_key')) throw new Conflict('You are already registered as a chef');
      throw error;
    }
  }

  async list(query: ChefListQuery): Promise<ChefListView> {
    const page = resolvePage(query);
    const sort = resolveSort<ChefSortField>(query, { field: 'rating_avg', direction: 'DESC' });
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (query.cuisine) where.push(`lower(c.cuisine) = lower(${param(query.cuisine)})`);
    if (query.location) where.push(`lower(c.location) = lower(${param(query.location)})`);
    if (query.min_price !== undefined) where.push(`c.hourly_rate_krw >= ${param(query.min_price)}`);
    if (query.max_price !== undefined) where.push(`c.hourly_rate_krw <= ${param(query.max_price)}`);
    if (query.min_rating !== undefined) where.push(`c.rating_avg >= ${param(query.min_rating)}`);
    if (query.search) where.push(`c.search_vector @@ websearch_to_tsquery('english', ${param(query.search)})`);
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const order = `${SORT_COLUMNS[sort.field]} ${sort.direction}, c.created_at DESC, c.id ASC`;
    // The busiest public read: one round trip, the page built as JSON by Postgres (no entity
    // hydration, no date parsing only to print the dates again).
    const [row] = await this.dataSource.query<{ total: string; chefs: ChefView[] }[]>(
      `SELECT (SELECT count(*) FROM chefs c ${filter}) AS total,
              coalesce((SELECT json_agg(${CHEF_VIEW_JSON} ORDER BY ${order})
                          FROM (SELECT * FROM chefs c ${filter} ORDER BY ${order} LIMIT ${param(page.limit)} OFFSET ${param(page.offset)}) c),
                       '[]'::json) AS chefs`,
      params,
    );
    return listView('chefs', row.chefs, Number(row.total), page);
  }

  async get(id: string): Promise<ChefDetailView> {
    const chef = await this.find(this.dataSource.manager, id);
    const [distributionRows, recent] = await Promise.all([
      this.dataSource.query<{ rating: number; count: string }[]>(
        'SELECT rating, count(*) AS count FROM booking_reviews WHERE chef_id = $1 AND removed_at IS NULL GROUP BY rating',
        [id],
      ),
      this.dataSource
        .getRepository(BookingReview)
        .find({ where: { chefId: id, removedAt: IsNull() }, order: { createdAt: 'DESC' }, take: 5 }),
    ]);
    const distribution = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
    for (const row of distributionRows) distribution[String(row.rating) as keyof typeof distribution] = Number(row.count);
    return {
      ...toChefView(chef),
      rating_summary: { average: Number(chef.ratingAvg), count: chef.ratingCount, distribution },
      recent_reviews: recent.map(toChefReviewView),
    };
  }

  async update(ctx: UserContext, id: string, dto: UpdateChefDto): Promise<ChefView> {
    const userId = ctx.user_id;
    if (dto.time_zone !== undefined && !isTimeZone(dto.time_zone)) throw new ValidationFailed({ time_zone: ['is not a known time zone'] });
    const imageUrl = await this.images.resolve(ctx, dto.image_url);
    return inTransaction(this.dataSource, async (manager) => {
      const chef = await this.find(manager, id, true);
      if (chef.userId !== userId) throw new Forbidden('Only the chef may change this profile');
      if (dto.name !== undefined) chef.name = dto.name;
      if (dto.bio !== undefined) chef.bio = dto.bio.trim();
      if (dto.cuisine !== undefined) chef.cuisine = dto.cuisine;
      if (dto.location !== undefined) chef.location = dto.location;
      if (dto.hourly_rate_krw !== undefined) chef.hourlyRateKrw = dto.hourly_rate_krw;
      if (imageUrl !== undefined) chef.imageUrl = imageUrl;
      if (dto.time_zone !== undefined) chef.timeZone = dto.time_zone;
      return toChefView(await manager.save(Chef, chef));
    });
  }

  async reviews(id: string, query: ChefReviewsQuery): Promise<ChefReviewListView> {
    await this.find(this.dataSource.manager, id);
    const page = resolvePage(query);
    const [reviews, total] = await this.dataSource.getRepository(BookingReview).findAndCount({
      where: { chefId: id, removedAt: IsNull() },
      order: { createdAt: query.order === 'asc' ? 'ASC' : 'DESC', id: 'ASC' },
      skip: page.offset,
      take: page.limit,
    });
    return listView('reviews', reviews.map(toChefReviewView), total, page);
  }

  /** A moderator removed a guest's review: it leaves the chef's reviews, rating and followers' feeds. */
  async removeReviewByModerator(manager: EntityManager, id: string, at: Date): Promise<void> {
    const review = await manager.findOne(BookingReview, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!review || review.removedAt) return;
    await manager.update(BookingReview, { id }, { removedAt: at });
    await countRating(manager, 'chefs', review.chefId, review.rating, -1);
    await manager.delete(ChefActivity, { subjectId: id });
  }

  /** The chef, or 404; `lock` takes its row for the rest of the transaction. */
  async find(manager: EntityManager, id: string, lock = false): Promise<Chef> {
    const chef = await manager.findOne(Chef, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!chef) throw new NotFound('Chef');
    return chef;
  }
}
