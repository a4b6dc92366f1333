import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { endpoint } from '../common/endpoint';
import { ListMeta, PageQuery } from '../common/pagination';
import { Trim } from '../common/trim';

export const MAX_SHOPPING_LIST_ITEMS = 500;

/** What an item costs at one store, for its whole quantity, KRW. */
export class StorePriceDto {
  @Trim() @IsString() @Length(1, 100) store: string;
  @IsInt() @Min(0) @Max(100_000_000) price_krw: number;
}

export class ShoppingItemDto {
  @Trim() @IsString() @Length(1, 100) name: string;
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(100_000) quantity?: number | null;
  @IsOptional() @Trim() @IsString() @MaxLength(20) unit?: string | null;
  @IsOptional() @IsString() @MaxLength(500) note?: string | null;
  @IsOptional() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => StorePriceDto) prices?: StorePriceDto[];
  /** Shorthand for one entry of `prices`: the price at `store`. */
  @ValidateIf((dto: ShoppingItemDto) => dto.price_krw !== undefined && dto.price_krw !== null)
  @Trim()
  @IsString()
  @Length(1, 100)
  store?: string | null;
  @IsOptional() @IsInt() @Min(0) @Max(100_000_000) price_krw?: number | null;
}

export class CreateShoppingListDto {
  @Trim() @IsString() @Length(1, 100) name: string;
  @IsOptional()
  @ArrayMaxSize(MAX_SHOPPING_LIST_ITEMS)
  @ValidateNested({ each: true })
  @Type(() => ShoppingItemDto)
  items?: ShoppingItemDto[];
}

export class UpdateShoppingListDto {
  @Trim() @IsString() @Length(1, 100) name: string;
}

/** Absent fields stay as they are; `prices` replaces the item's prices; `store` + `price_krw` sets one. */
export class UpdateShoppingItemDto {
  @ValidateIf((_d, v) => v !== undefined) @Trim() @IsString() @Length(1, 100) name?: string;
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(100_000) quantity?: number | null;
  @IsOptional() @Trim() @IsString() @MaxLength(20) unit?: string | null;
  @ValidateIf((_d, v) => v !== undefined) @IsBoolean() bought?: boolean;
  @IsOptional() @IsString() @MaxLength(500) note?: string | null;
  @ValidateIf((_d, v) => v !== undefined)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => StorePriceDto)
  prices?: StorePriceDto[];
  @ValidateIf((dto: UpdateShoppingItemDto) => dto.price_krw !== undefined || dto.store !== undefined)
  @Trim()
  @IsString()
  @Length(1, 100)
  store?: string;
  /** With `store`: that store's price; null removes it. */
  @ValidateIf((dto: UpdateShoppingItemDto) => dto.store !== undefined && dto.price_krw !== null)
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  price_krw?: number | null;
}

export class AddRecipeToListDto {
  /** The list to add to; absent: a new list named after the recipe. */
  @IsOptional() @IsUUID() list_id?: string;
  @IsUUID() recipe_id: string;
  /** Scale the recipe to this many servings (default: as written). */
  @IsOptional() @IsInt() @Min(1) @Max(100) servings?: number;
}

export class ShoppingListItemParams {
  @IsUUID() id: string;
  @IsUUID() item_id: string;
}

export class ShoppingListParams {
  @IsUUID() id: string;
}

export class StorePriceView {
  @IsString() store: string;
  @IsInt() price_krw: number;
}

export class ShoppingItemView {
  @IsUUID() id: string;
  @IsString() name: string;
  @IsOptional() @IsNumber() quantity: number | null;
  @IsOptional() @IsString() unit: string | null;
  @IsBoolean() bought: boolean;
  @IsOptional() @IsString() bought_at: string | null;
  @IsOptional() @IsString() note: string | null;
  @ValidateNested({ each: true }) @Type(() => StorePriceView) prices: StorePriceView[];
  /** Recipes this item was added from. */
  @IsUUID(undefined, { each: true }) recipe_ids: string[];
  @IsString() created_at: string;
}

export class ShoppingListView {
  @IsUUID() id: string;
  /** Same as `id`, as the seeds name it. */
  @IsUUID() list_id: string;
  @IsString() name: string;
  @ValidateNested({ each: true }) @Type(() => ShoppingItemView) items: ShoppingItemView[];
  @IsInt() item_count: number;
  @IsInt() bought_count: number;
  @IsString() created_at: string;
  @IsString() updated_at: string;
}

export class ShoppingListSummaryView {
  @IsUUID() id: string;
  @IsUUID() list_id: string;
  @IsString() name: string;
  @IsInt() item_count: number;
  @IsInt() bought_count: number;
  @IsString() created_at: string;
  @IsString() updated_at: string;
}

export class ShoppingListListView extends ListMeta {
  @ValidateNested({ each: true }) @Type(() => ShoppingListSummaryView) shopping_lists: ShoppingListSummaryView[];
}

export class AddRecipeResultView {
  @IsUUID() list_id: string;
  /** Ingredients that became new items. */
  @IsInt() items_added: number;
  /** Ingredients merged into an item of the same name and unit. */
  @IsInt() items_merged: number;
  /** The list's cost at each item's cheapest recorded price, KRW (items without a price count 0). */
  @IsInt() total_estimated_cost_krw: number;
  @ValidateNested() @Type(() => ShoppingListView) list: ShoppingListView;
}

export class ItemPriceLineView {
  @IsUUID() item_id: string;
  @IsString() name: string;
  @IsOptional() @IsNumber() quantity: number | null;
  @IsOptional() @IsString() unit: string | null;
  @IsBoolean() bought: boolean;
  @IsInt() price_krw: number;
}

export class StoreCostView {
  @IsString() store: string;
  /** Sum of the prices recorded at this store, KRW. */
  @IsInt() total_cost_krw: number;
  /** The same, for items not yet bought. */
  @IsInt() remaining_cost_krw: number;
  @IsInt() priced_items: number;
  /** Items of the list with no price at this store. */
  @IsInt() missing_items: number;
  @ValidateNested({ each: true }) @Type(() => ItemPriceLineView) items_price_breakdown: ItemPriceLineView[];
}

export class ShoppingListCostsView {
  @IsUUID() list_id: string;
  /** Stores by total, cheapest first (among those that price every item, then the rest). */
  @ValidateNested({ each: true }) @Type(() => StoreCostView) stores: StoreCostView[];
  /** Each item at its cheapest recorded price, KRW. */
  @IsInt() cheapest_total_krw: number;
  @IsUUID(undefined, { each: true }) unpriced_item_ids: string[];
}

export class ShoppingListQuery extends PageQuery {}

export const ShoppingListCreate = endpoint<CreateShoppingListDto, Record<string, never>, ShoppingListView>({
  method: 'POST',
  path: '/api/shopping-list',
  aliases: [{ path: '/api/coocook/shopping-list' }],
  subject: 'coocook.shopping_lists.create',
  access: { kind: 'user', scope: 'write:coocook' },
  body: CreateShoppingListDto,
  response: ShoppingListView,
  status: 201,
  idempotent: true,
  summary: 'Create a shopping list, optionally with items',
  tag: 'shopping-list',
});

export const ShoppingListList = endpoint<Record<string, never>, ShoppingListQuery, ShoppingListListView>({
  method: 'GET',
  path: '/api/shopping-list',
  aliases: [{ path: '/api/coocook/shopping-list' }],
  subject: 'coocook.shopping_lists.list',
  access: { kind: 'user', scope: 'read:coocook' },
  query: ShoppingListQuery,
  response: ShoppingListListView,
  status: 200,
  summary: "The caller's shopping lists, newest first",
  tag: 'shopping-list',
});

export const ShoppingListGet = endpoint<Record<string, never>, Record<string, never>, ShoppingListView>({
  method: 'GET',
  path: '/api/shopping-list/:id',
  aliases: [{ path: '/api/coocook/shopping-list/:id' }],
  subject: 'coocook.shopping_lists.get',
  params: ShoppingListParams,
  access: { kind: 'user', scope: 'read:coocook' },
  response: ShoppingListView,
  status: 200,
  summary: 'A shopping list with its items',
  tag: 'shopping-list',
  errors: [404],
});

export const ShoppingListUpdate = endpoint<UpdateShoppingListDto, Record<string, never>, ShoppingListView>({
  method: 'PUT',
  path: '/api/shopping-list/:id',
  aliases: [{ path: '/api/coocook/shopping-list/:id' }],
  subject: 'coocook.shopping_lists.update',
  params: ShoppingListParams,
  access: { kind: 'user', scope: 'write:coocook' },
  body: UpdateShoppingListDto,
  response: ShoppingListView,
  status: 200,
  summary: 'Rename a shopping list',
  tag: 'shopping-list',
  errors: [404],
});

export const ShoppingListDelete = endpoint<Record<string, never>, Record<string, never>, void>({
  method: 'DELETE',
  path: '/api/shopping-list/:id',
  aliases: [{ path: '/api/coocook/shopping-list/:id' }],
  subject: 'coocook.shopping_lists.delete',
  params: ShoppingListParams,
  access: { kind: 'user', scope: 'write:coocook' },
  status: 204,
  summary: 'Delete a shopping list and its items',
  tag: 'shopping-list',
  errors: [404],
});

export const ShoppingItemAdd = endpoint<ShoppingItemDto, Record<string, never>, ShoppingItemView>({
  method: 'POST',
  path: '/api/shopping-list/:id/items',
  aliases: [{ path: '/api/coocook/shopping-list/:id/items' }],
  subject: 'coocook.shopping_lists.items.add',
  params: ShoppingListParams,
  access: { kind: 'user', scope: 'write:coocook' },
  body: ShoppingItemDto,
  response: ShoppingItemView,
  status: 201,
  idempotent: true,
  summary: 'Add an item to a shopping list',
  tag: 'shopping-list',
  errors: [404, 409],
});

export const ShoppingItemUpdate = endpoint<UpdateShoppingItemDto, Record<string, never>, ShoppingItemView>({
  method: 'PUT',
  path: '/api/shopping-list/:id/items/:item_id',
  aliases: [{ path: '/api/coocook/shopping-list/:id/items/:item_id' }],
  subject: 'coocook.shopping_lists.items.update',
  params: ShoppingListItemParams,
  access: { kind: 'user', scope: 'write:coocook' },
  body: UpdateShoppingItemDto,
  response: ShoppingItemView,
  status: 200,
  summary: 'Change an item: mark it bought, record what it costs at a store',
  tag: 'shopping-list',
  errors: [404],
});

export const ShoppingItemRemove = endpoint<Record<string, never>, Record<string, never>, void>({
  method: 'DELETE',
  path: '/api/shopping-list/:id/items/:item_id',
  aliases: [{ path: '/api/coocook/shopping-list/:id/items/:item_id' }],
  subject: 'coocook.shopping_lists.items.remove',
  params: ShoppingListItemParams,
  access: { kind: 'user', scope: 'write:coocook' },
  status: 204,
  summary: 'Remove an item from a shopping list',
  tag: 'shopping-list',
  errors: [404],
});

export const ShoppingListAddRecipe = endpoint<AddRecipeToListDto, Record<string, never>, AddRecipeResultView>({
  method: 'POST',
  path: '/api/shopping-list/add-recipe',
  aliases: [{ path: '/api/coocook/shopping-list/add-recipe' }],
  subject: 'coocook.shopping_lists.add_recipe',
  access: { kind: 'user', scope: 'write:coocook' },
  body: AddRecipeToListDto,
  response: AddRecipeResultView,
  status: 200,
  summary: "Add all of a recipe's ingredients, merging quantities of the same ingredient and unit",
  tag: 'shopping-list',
  errors: [404, 409],
});

export const ShoppingListCosts = endpoint<Record<string, never>, Record<string, never>, ShoppingListCostsView>({
  method: 'GET',
  path: '/api/shopping-list/:id/costs',
  aliases: [{ path: '/api/coocook/shopping-list/:id/costs' }],
  subject: 'coocook.shopping_lists.costs',
  params: ShoppingListParams,
  access: { kind: 'user', scope: 'read:coocook' },
  response: ShoppingListCostsView,
  status: 200,
  summary: 'What the list costs at each store, from the prices recorded on its items',
  tag: 'shopping-list',
  errors: [404],
});
