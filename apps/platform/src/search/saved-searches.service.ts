import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  listView,
  resolvePage,
  SavedSearchesQuery,
  SavedSearchListView,
  SavedSearchView,
  SaveSearchDto,
  SearchType,
  UserContext,
} from '@sf/contracts';
import { NotFound } from '@sf/errors';
import { SavedSearch } from './search.entity';

function toView(saved: SavedSearch, userId: string): SavedSearchView {
  return {
    id: saved.id,
    saved_search_id: saved.id,
    name: saved.name,
    query_text: saved.queryText,
    type: (saved.type as SearchType | null) ?? null,
    is_public: saved.isPublic,
    owned: saved.userId === userId,
    created_at: saved.createdAt.toISOString(),
  };
}

/** Searches users keep; each user sees their own and the public ones of others. */
@Injectable()
export class SavedSearchesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async save(ctx: UserContext, dto: SaveSearchDto): Promise<SavedSearchView> {
    const repository = this.dataSource.getRepository(SavedSearch);
    const saved = await repository.save(
      repository.create({
        userId: ctx.user_id,
        name: dto.name,
        queryText: dto.query_text,
        type: dto.type ?? null,
        isPublic: dto.is_public ?? false,
      }),
    );
    return toView(saved, ctx.user_id);
  }

  async list(ctx: UserContext, query: SavedSearchesQuery): Promise<SavedSearchListView> {
    const page = resolvePage(query);
    const scope = query.scope ?? 'all';
    const builder = this.dataSource.getRepository(SavedSearch).createQueryBuilder('s');
    if (scope === 'mine') builder.where('s.user_id = :user', { user: ctx.user_id });
    else if (scope === 'public') builder.where('s.is_public');
    else builder.where('(s.user_id = :user OR s.is_public)', { user: ctx.user_id });
    const [rows, total] = await builder
      .orderBy('s.created_at', 'DESC')
      .addOrderBy('s.id')
      .skip(page.offset)
      .take(page.limit)
      .getManyAndCount();
    return listView(
      'saved_searches',
      rows.map((s) => toView(s, ctx.user_id)),
      total,
      page,
    );
  }

  /** Only its owner deletes a saved search; anyone else's, public or not, is 404. */
  async delete(ctx: UserContext, id: string): Promise<void> {
    const result = await this.dataSource.getRepository(SavedSearch).delete({ id, userId: ctx.user_id });
    if (!result.affected) throw new NotFound('Saved search');
  }
}
