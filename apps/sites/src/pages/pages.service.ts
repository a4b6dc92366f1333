import { Injectable } from '@nestjs/common';
import { inTransaction } from '@sf/idempotency';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CreatePageDto, MAX_PAGES_PER_SITE, PageDetailView, PageView, UpdatePageDto, UserContext } from '@sf/contracts';
import { Conflict, NotFound } from '@sf/errors';
import { SiteComponent } from '../components/component.entity';
import { componentView } from '../components/components.service';
import { Ownership } from '../sites/ownership';
import { Page } from './page.entity';

function isUniqueViolation(error: unknown): boolean {
  return (error as { driverError?: { code?: string } }).driverError?.code === '23505' || (error as { code?: string }).code === '23505';
}

export function pageView(page: Page): PageView {
  return {
    id: page.id,
    site_id: page.siteId,
    title: page.title,
    path: page.path,
    created_at: page.createdAt.toISOString(),
    updated_at: page.updatedAt.toISOString(),
  };
}

/** Pages of a site: one per path, the home page at `/`. */
@Injectable()
export class PagesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ownership: Ownership,
  ) {}

  async create(ctx: UserContext, dto: CreatePageDto): Promise<PageView> {
    await this.ownership.requireProduct(ctx);
    try {
      return await inTransaction(this.dataSource, async (manager) => {
        const site = await this.ownership.site(manager, ctx, dto.site_id, true);
        const count = await manager.countBy(Page, { siteId: site.id });
        if (count >= MAX_PAGES_PER_SITE) throw new Conflict(`A site holds at most ${MAX_PAGES_PER_SITE} pages`);
        if (await manager.existsBy(Page, { siteId: site.id, path: dto.path })) {
          throw new Conflict('The site already has a page at that path', { path: dto.path });
        }
        const page = await manager.save(
          Page,
          manager.create(Page, { siteId: site.id, ownerId: ctx.user_id, title: dto.title.trim(), path: dto.path }),
        );
        return pageView(page);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new Conflict('The site already has a page at that path', { path: dto.path });
      throw error;
    }
  }

  async get(ctx: UserContext, id: string): Promise<PageDetailView> {
    await this.ownership.requireProduct(ctx);
    const page = await this.own(this.dataSource.manager, ctx, id);
    const components = await this.dataSource
      .getRepository(SiteComponent)
      .find({ where: { pageId: page.id }, order: { position: 'ASC', createdAt: 'ASC' } });
    return { ...pageView(page), components: components.map(componentView) };
  }

  async update(ctx: UserContext, id: string, dto: UpdatePageDto): Promise<PageView> {
    await this.ownership.requireProduct(ctx);
    try {
      return await inTransaction(this.dataSource, async (manager) => {
        const page = await this.own(manager, ctx, id);
        if (dto.title !== undefined) page.title = dto.title.trim();
        if (dto.path !== undefined && dto.path !== page.path) {
          if (await manager.existsBy(Page, { siteId: page.siteId, path: dto.path })) {
            throw new Conflict('The site already has a page at that path', { path: dto.path });
          }
          page.path = dto.path;
        }
        return pageView(await manager.save(Page, page));
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new Conflict('The site already has a page at that path', { path: dto.path ?? null });
      throw error;
    }
  }

  private async own(manager: EntityManager, ctx: UserContext, id: string): Promise<Page> {
    const page = await manager.findOneBy(Page, { id, ownerId: ctx.user_id });
    if (!page) throw new NotFound('Page');
    return page;
  }

  async remove(ctx: UserContext, id: string): Promise<void> {
    await this.ownership.requireProduct(ctx);
    await inTransaction(this.dataSource, async (manager) => {
      const page = await this.own(manager, ctx, id);
      await manager.delete(SiteComponent, { pageId: page.id });
      await manager.delete(Page, { id: page.id });
    });
  }
}
