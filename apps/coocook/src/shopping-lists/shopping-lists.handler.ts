import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  RequestOf,
  ResponseOf,
  ShoppingItemAdd,
  ShoppingItemRemove,
  ShoppingItemUpdate,
  ShoppingListAddRecipe,
  ShoppingListCosts,
  ShoppingListCreate,
  ShoppingListDelete,
  ShoppingListGet,
  ShoppingListList,
  ShoppingListUpdate,
} from '@sf/contracts';
import { Handles } from '@sf/messaging';
import { ShoppingListsService } from './shopping-lists.service';

@Controller()
export class ShoppingListsHandler {
  constructor(private readonly lists: ShoppingListsService) {}

  @Handles(ShoppingListCreate)
  create(@Payload() req: RequestOf<typeof ShoppingListCreate>): Promise<ResponseOf<typeof ShoppingListCreate>> {
    return this.lists.create(req.ctx, req.body);
  }

  @Handles(ShoppingListList)
  list(@Payload() req: RequestOf<typeof ShoppingListList>): Promise<ResponseOf<typeof ShoppingListList>> {
    return this.lists.list(req.ctx, req.query);
  }

  @Handles(ShoppingListGet)
  get(@Payload() req: RequestOf<typeof ShoppingListGet>): Promise<ResponseOf<typeof ShoppingListGet>> {
    return this.lists.get(req.ctx, req.params.id);
  }

  @Handles(ShoppingListUpdate)
  rename(@Payload() req: RequestOf<typeof ShoppingListUpdate>): Promise<ResponseOf<typeof ShoppingListUpdate>> {
    return this.lists.rename(req.ctx, req.params.id, req.body);
  }

  @Handles(ShoppingListDelete)
  delete(@Payload() req: RequestOf<typeof ShoppingListDelete>): Promise<void> {
    return this.lists.delete(req.ctx, req.params.id);
  }

  @Handles(ShoppingItemAdd)
  addItem(@Payload() req: RequestOf<typeof ShoppingItemAdd>): Promise<ResponseOf<typeof ShoppingItemAdd>> {
    return this.lists.addItem(req.ctx, req.params.id, req.body);
  }

  @Handles(ShoppingItemUpdate)
  updateItem(@Payload() req: RequestOf<typeof ShoppingItemUpdate>): Promise<ResponseOf<typeof ShoppingItemUpdate>> {
    return this.lists.updateItem(req.ctx, req.params.id, req.params.item_id, req.body);
  }

  @Handles(ShoppingItemRemove)
  removeItem(@Payload() req: RequestOf<typeof ShoppingItemRemove>): Promise<void> {
    return this.lists.removeItem(req.ctx, req.params.id, req.params.item_id);
  }

  @Handles(ShoppingListAddRecipe)
  addRecipe(@Payload() req: RequestOf<typeof ShoppingListAddRecipe>): Promise<ResponseOf<typeof ShoppingListAddRecipe>> {
    return this.lists.addRecipe(req.ctx, req.body);
  }

  @Handles(ShoppingListCosts)
  costs(@Payload() req: RequestOf<typeof ShoppingListCosts>): Promise<ResponseOf<typeof ShoppingListCosts>> {
    return this.lists.costs(req.ctx, req.params.id);
  }
}
