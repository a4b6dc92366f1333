import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  AddRecipeResultView,
  AddRecipeToListDto,
  CreateShoppingListDto,
  listView,
  MAX_SHOPPING_LIST_ITEMS,
  resolvePage,
  ShoppingItemDto,
  ShoppingItemView,
  ShoppingListCostsView,
  ShoppingListListView,
  ShoppingListQuery,
  ShoppingListView,
  StoreCostView,
  UpdateShoppingItemDto,
  UpdateShoppingListDto,
  UserContext,
} from '@sf/contracts';
import { Conflict, NotFound } from '@sf/errors';
import { ingredientKey, unitKey } from '../nutrition/ingredient-names';
import { RecipesService } from '../recipes/recipes.service';
import { round } from '../shared/numeric';
import { ShoppingList, ShoppingListItem, StorePrice } from './shopping-list.entity';
import { inTransaction } from '@sf/idempotency';

function toItemView(item: ShoppingListItem): ShoppingItemView {
  return {
    id: item.id,
    name: item.name,
    quantity: item.quantity,
    unit: item.unit,
    bought: item.bought,
    bought_at: item.boughtAt?.toISOString() ?? null,
    note: item.note,
    prices: item.prices,
    recipe_ids: item.recipeIds,
    created_at: item.createdAt.toISOString(),
  };
}

function toListView(list: ShoppingList, items: ShoppingListItem[]): ShoppingListView {
  return {
    id: list.id,
    list_id: list.id,
    name: list.name,
    items: items.map(toItemView),
    item_count: items.length,
    bought_count: items.filter((i) => i.bought).length,
    created_at: list.createdAt.toISOString(),
    updated_at: list.updatedAt.toISOString(),
  };
}

/** One price per store (names compared without case); a later entry for a store replaces an earlier one. */
function mergePrices(prices: StorePrice[], more: StorePrice[]): StorePrice[] {
  const byStore = new Map(prices.map((p) => [p.store.toLowerCase(), p]));
  for (const price of more) byStore.set(price.store.trim().toLowerCase(), { store: price.store.trim(), price_krw: price.price_krw });
  return [...byStore.values()].sort((a, b) => a.store.localeCompare(b.store));
}

function cheapest(item: ShoppingListItem): number | null {
  return item.prices.length ? Math.min(...item.prices.map((p) => p.price_krw)) : null;
}

/** Shopping lists and their items: private to their owner (another user's list is 404). */
@Injectable()
export class ShoppingListsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly recipes: RecipesService,
  ) {}

  async create(ctx: UserContext, dto: CreateShoppingListDto): Promise<ShoppingListView> {
    const userId = ctx.user_id;
    return inTransaction(this.dataSource, async (manager) => {
      const list = await manager.save(ShoppingList, manager.create(ShoppingList, { userId, name: dto.name }));
      const items = (dto.items ?? []).map((item, i) => this.newItem(manager, list.id, i + 1, item));
      return toListView(list, items.length ? await manager.save(ShoppingListItem, items) : []);
    });
  }

  async list(ctx: UserContext, query: ShoppingListQuery): Promise<ShoppingListListView> {
    const userId = ctx.user_id;
    const page = resolvePage(query);
    const rows = await this.dataSource.query<
      { id: string; name: string; created_at: Date; updated_at: Date; item_count: string; bought_count: string; total: string }[]
    >(
      `SELECT l.id, l.name, l.created_at, l.updated_at, count(*) OVER () AS total,
              (SELECT count(*) FROM shopping_list_items i WHERE i.list_id = l.id) AS item_count,
              (SELECT count(*) FROM shopping_list_items i WHERE i.list_id = l.id AND i.bought) AS bought_count
         FROM shopping_lists l WHERE l.user_id = $1
        ORDER BY l.created_at ${query.order === 'asc' ? 'ASC' : 'DESC'}, l.id LIMIT $2 OFFSET $3`,
      [userId, page.limit, page.offset],
    );
    const total = rows.length ? Number(rows[0].total) : await this.dataSource.getRepository(ShoppingList).countBy({ userId });
    const lists = rows.map((r) => ({
      id: r.id,
      list_id: r.id,
      name: r.name,
      item_count: Number(r.item_count),
      bought_count: Number(r.bought_count),
      created_at: r.created_at.toISOString(),
      updated_at: r.updated_at.toISOString(),
    }));
    return listView('shopping_lists', lists, total, page);
  }

  async get(ctx: UserContext, id: string): Promise<ShoppingListView> {
    const list = await this.find(this.dataSource.manager, ctx, id);
    return toListView(list, await this.items(this.dataSource.manager, id));
  }

  async rename(ctx: UserContext, id: string, dto: UpdateShoppingListDto): Promise<ShoppingListView> {
    const list = await this.find(this.dataSource.manager, ctx, id);
    list.name = dto.name;
    const saved = await this.dataSource.getRepository(ShoppingList).save(list);
    return toListView(saved, await this.items(this.dataSource.manager, id));
  }

  async delete(ctx: UserContext, id: string): Promise<void> {
    const result = await this.dataSource.getRepository(ShoppingList).delete({ id, userId: ctx.user_id });
    if (!result.affected) throw new NotFound('Shopping list');
  }

  async addItem(ctx: UserContext, id: string, dto: ShoppingItemDto): Promise<ShoppingItemView> {
    return inTransaction(this.dataSource, async (manager) => {
      await this.find(manager, ctx, id, true);
      const items = await this.items(manager, id);
      if (items.length >= MAX_SHOPPING_LIST_ITEMS) throw new Conflict(`A shopping list holds at most ${MAX_SHOPPING_LIST_ITEMS} items`);
      const position = Math.max(0, ...items.map((i) => i.position)) + 1;
      return toItemView(await manager.save(ShoppingListItem, this.newItem(manager, id, position, dto)));
    });
  }

  async updateItem(ctx: UserContext, id: string, itemId: string, dto: UpdateShoppingItemDto): Promise<ShoppingItemView> {
    return inTransaction(this.dataSource, async (manager) => {
      await this.find(manager, ctx, id, true);
      const item = await manager.findOneBy(ShoppingListItem, { id: itemId, listId: id });
      if (!item) throw new NotFound('Shopping list item');
      if (dto.name !== undefined) {
        item.name = dto.name;
        item.nameKey = ingredientKey(dto.name);
      }
      if (dto.quantity !== undefined) item.quantity = dto.quantity === null ? null : round(dto.quantity, 3);
      if (dto.unit !== undefined) {
        item.unit = dto.unit?.trim() || null;
        item.unitKey = unitKey(item.unit);
      }
      if (dto.note !== undefined) item.note = dto.note?.trim() || null;
      if (dto.bought !== undefined && dto.bought !== item.bought) {
        item.bought = dto.bought;
        item.boughtAt = dto.bought ? new Date() : null;
      }
      if (dto.prices !== undefined) item.prices = mergePrices([], dto.prices);
      if (dto.store !== undefined) {
        const others = item.prices.filter((p) => p.store.toLowerCase() !== dto.store?.toLowerCase());
        item.prices =
          dto.price_krw === null || dto.price_krw === undefined
            ? others
            : mergePrices(others, [{ store: dto.store, price_krw: dto.price_krw }]);
      }
      await manager.update(ShoppingList, { id }, { updatedAt: new Date() });
      return toItemView(await manager.save(ShoppingListItem, item));
    });
  }

  async removeItem(ctx: UserContext, id: string, itemId: string): Promise<void> {
    await this.find(this.dataSource.manager, ctx, id);
    const result = await this.dataSource.getRepository(ShoppingListItem).delete({ id: itemId, listId: id });
    if (!result.affected) throw new NotFound('Shopping list item');
  }

  /**
   * Adds every ingredient of a recipe (scaled to `servings` if given). An ingredient already on the
   * list, not yet bought, with the same name and unit gets the quantity added instead of a new line.
   */
  async addRecipe(ctx: UserContext, dto: AddRecipeToListDto): Promise<AddRecipeResultView> {
    const userId = ctx.user_id;
    const recipe = await this.recipes.findVisible(this.dataSource.manager, ctx, dto.recipe_id);
    const scale = dto.servings ? dto.servings / Math.max(1, recipe.servings) : 1;
    return inTransaction(this.dataSource, async (manager) => {
      const list = dto.list_id
        ? await this.find(manager, ctx, dto.list_id, true)
        : await manager.save(ShoppingList, manager.create(ShoppingList, { userId, name: recipe.title.slice(0, 100) }));
      const items = await this.items(manager, list.id);
      let position = Math.max(0, ...items.map((i) => i.position));
      let added = 0;
      let merged = 0;
      for (const ingredient of recipe.ingredients) {
        const nameKey = ingredientKey(ingredient.name);
        const unit = unitKey(ingredient.unit);
        const quantity = ingredient.quantity === null ? null : round(ingredient.quantity * scale, 3);
        const same = items.find((i) => !i.bought && i.nameKey === nameKey && i.unitKey === unit);
        if (same) {
          same.quantity = same.quantity === null && quantity === null ? null : round((same.quantity ?? 0) + (quantity ?? 0), 3);
          if (!same.recipeIds.includes(recipe.id)) same.recipeIds = [...same.recipeIds, recipe.id];
          await manager.save(ShoppingListItem, same);
          merged++;
          continue;
        }
        if (items.length >= MAX_SHOPPING_LIST_ITEMS) throw new Conflict(`A shopping list holds at most ${MAX_SHOPPING_LIST_ITEMS} items`);
        const item = await manager.save(
          ShoppingListItem,
          manager.create(ShoppingListItem, {
            listId: list.id,
            position: ++position,
            name: ingredient.name,
            nameKey,
            quantity,
            unit: ingredient.unit,
            unitKey: unit,
            prices: [],
            recipeIds: [recipe.id],
          }),
        );
        items.push(item);
        added++;
      }
      await manager.update(ShoppingList, { id: list.id }, { updatedAt: new Date() });
      const fresh = await this.items(manager, list.id);
      const saved = await manager.findOneByOrFail(ShoppingList, { id: list.id });
      return {
        list_id: list.id,
        items_added: added,
        items_merged: merged,
        total_estimated_cost_krw: fresh.reduce((sum, i) => sum + (cheapest(i) ?? 0), 0),
        list: toListView(saved, fresh),
      };
    });
  }

  /** Per store: what the list costs there, from the prices recorded on its items. */
  async costs(ctx: UserContext, id: string): Promise<ShoppingListCostsView> {
    await this.find(this.dataSource.manager, ctx, id);
    const items = await this.items(this.dataSource.manager, id);
    const stores = new Map<string, StoreCostView>();
    for (const item of items) {
      for (const price of item.prices) {
        const key = price.store.toLowerCase();
        const store = stores.get(key) ?? {
          store: price.store,
          total_cost_krw: 0,
          remaining_cost_krw: 0,
          priced_items: 0,
          missing_items: 0,
          items_price_breakdown: [],
        };
        store.total_cost_krw += price.price_krw;
        if (!item.bought) store.remaining_cost_krw += price.price_krw;
        store.priced_items++;
        store.items_price_breakdown.push({
          item_id: item.id,
          name: item.name,
          quantity: item.quantity,
          unit: item.unit,
          bought: item.bought,
          price_krw: price.price_krw,
        });
        stores.set(key, store);
      }
    }
    for (const store of stores.values()) store.missing_items = items.length - store.priced_items;
    return {
      list_id: id,
      stores: [...stores.values()].sort((a, b) => a.missing_items - b.missing_items || a.total_cost_krw - b.total_cost_krw),
      cheapest_total_krw: items.reduce((sum, i) => sum + (cheapest(i) ?? 0), 0),
      unpriced_item_ids: items.filter((i) => !i.prices.length).map((i) => i.id),
    };
  }

  private newItem(manager: EntityManager, listId: string, position: number, dto: ShoppingItemDto): ShoppingListItem {
    const unit = dto.unit?.trim() || null;
    const shorthand =
      dto.price_krw !== undefined && dto.price_krw !== null && dto.store ? [{ store: dto.store, price_krw: dto.price_krw }] : [];
    return manager.create(ShoppingListItem, {
      listId,
      position,
      name: dto.name,
      nameKey: ingredientKey(dto.name),
      quantity: dto.quantity === undefined || dto.quantity === null ? null : round(dto.quantity, 3),
      unit,
      unitKey: unitKey(unit),
      note: dto.note?.trim() || null,
      prices: mergePrices([], [...(dto.prices ?? []), ...shorthand]),
      recipeIds: [],
    });
  }

  private items(manager: EntityManager, listId: string): Promise<ShoppingListItem[]> {
    return manager.find(ShoppingListItem, { where: { listId }, order: { position: 'ASC' } });
  }

  private async find(manager: EntityManager, ctx: UserContext, id: string, lock = false): Promise<ShoppingList> {
    const list = await manager.findOne(ShoppingList, {
      where: { id, userId: ctx.user_id },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!list) throw new NotFound('Shopping list');
    return list;
  }
}
