import { Injectable } from '@nestjs/common';
import { inTransaction } from '@sf/idempotency';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ComponentView, CreateComponentDto, MAX_COMPONENTS_PER_PAGE, UpdateComponentDto, UserContext } from '@sf/contracts';
import { Conflict, NotFound } from '@sf/errors';
import { Ownership } from '../sites/ownership';
import { SiteComponent } from './component.entity';
import { ComponentProps } from './component-props';

export function componentView(c: SiteComponent): ComponentView {
  return {
    id: c.id,
    page_id: c.pageId,
    site_id: c.siteId,
    type: c.type,
    props: c.props,
    position: c.position,
    created_at: c.createdAt.toISOString(),
    updated_at: c.updatedAt.toISOString(),
  };
}

/** Components of a page, kept in order (positions 0..n-1). */
@Injectable()
export class ComponentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ownership: Ownership,
    private readonly props: ComponentProps,
  ) {}

  async create(ctx: UserContext, dto: CreateComponentDto): Promise<ComponentView> {
    await this.ownership.requireProduct(ctx);
    // Found before the props are checked: another user's page is a 404 whatever the props say.
    await this.ownPage(this.dataSource.manager, ctx, dto.page_id);
    const props = await this.props.check(ctx, dto.type, dto.props);
    return inTransaction(this.dataSource, async (manager) => {
      const page = await this.ownPage(manager, ctx, dto.page_id, true);
      const siblings = await this.ordered(manager, page.id);
      if (siblings.length >= MAX_COMPONENTS_PER_PAGE) throw new Conflict(`A page holds at most ${MAX_COMPONENTS_PER_PAGE} components`);
      const component = await manager.save(
        SiteComponent,
        manager.create(SiteComponent, {
          pageId: page.id,
          siteId: page.siteId,
          ownerId: ctx.user_id,
          type: dto.type,
          props,
          position: siblings.length,
        }),
      );
      const placed = await this.place(manager, [...siblings, component], component, dto.position);
      return componentView(placed);
    });
  }

  async get(ctx: UserContext, id: string): Promise<ComponentView> {
    await this.ownership.requireProduct(ctx);
    return componentView(await this.own(this.dataSource.manager, ctx, id));
  }

  async update(ctx: UserContext, id: string, dto: UpdateComponentDto): Promise<ComponentView> {
    await this.ownership.requireProduct(ctx);
    const existing = await this.own(this.dataSource.manager, ctx, id);
    const props = dto.props === undefined ? undefined : await this.props.check(ctx, existing.type, dto.props);
    return inTransaction(this.dataSource, async (manager) => {
      const page = await this.ownPage(manager, ctx, existing.pageId, true);
      const component = await this.own(manager, ctx, id);
      if (props !== undefined) component.props = props;
      await manager.save(SiteComponent, component);
      if (dto.position === undefined) return componentView(component);
      return componentView(await this.place(manager, await this.ordered(manager, page.id), component, dto.position));
    });
  }

  async remove(ctx: UserContext, id: string): Promise<void> {
    await this.ownership.requireProduct(ctx);
    await inTransaction(this.dataSource, async (manager) => {
      const component = await this.own(manager, ctx, id);
      await manager.delete(SiteComponent, { id: component.id });
      await this.renumber(manager, await this.ordered(manager, component.pageId));
    });
  }

  /**
   * The caller's page (404 otherwise), locked when asked so that a page's components are placed
   * one change at a time. Read as a row: the pages' entity belongs to the pages feature.
   */
  private async ownPage(manager: EntityManager, ctx: UserContext, pageId: string, lock = false): Promise<{ id: string; siteId: string }> {
    const rows = (await manager.query(`SELECT id, site_id FROM pages WHERE id = $1 AND owner_id = $2${lock ? ' FOR UPDATE' : ''}`, [
      pageId,
      ctx.user_id,
    ])) as { id: string; site_id: string }[];
    if (!rows.length) throw new NotFound('Page');
    return { id: rows[0].id, siteId: rows[0].site_id };
  }

  private async own(manager: EntityManager, ctx: UserContext, id: string): Promise<SiteComponent> {
    const component = await manager.findOneBy(SiteComponent, { id, ownerId: ctx.user_id });
    if (!component) throw new NotFound('Component');
    return component;
  }

  private ordered(manager: EntityManager, pageId: string): Promise<SiteComponent[]> {
    return manager.find(SiteComponent, { where: { pageId }, order: { position: 'ASC', createdAt: 'ASC' } });
  }

  /** Moves `component` to `position` (the end when absent or beyond) and numbers the page 0..n-1. */
  private async place(manager: EntityManager, all: SiteComponent[], component: SiteComponent, position?: number): Promise<SiteComponent> {
    const others = all.filter((c) => c.id !== component.id);
    const at = position === undefined ? others.length : Math.min(position, others.length);
    others.splice(at, 0, component);
    await this.renumber(manager, others);
    return component;
  }

  private async renumber(manager: EntityManager, ordered: SiteComponent[]): Promise<void> {
    for (const [i, c] of ordered.entries()) {
      if (c.position === i && c.id) continue;
      c.position = i;
      await manager.update(SiteComponent, { id: c.id }, { position: i });
    }
  }
}
