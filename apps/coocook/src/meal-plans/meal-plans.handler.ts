import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { MealPlanCreate, MealPlanDelete, MealPlanGet, MealPlanList, MealPlanUpdate, RequestOf, ResponseOf } from '@sf/contracts';
import { Handles } from '@sf/messaging';
import { MealPlansService } from './meal-plans.service';

@Controller()
export class MealPlansHandler {
  constructor(private readonly mealPlans: MealPlansService) {}

  @Handles(MealPlanCreate)
  create(@Payload() req: RequestOf<typeof MealPlanCreate>): Promise<ResponseOf<typeof MealPlanCreate>> {
    return this.mealPlans.create(req.ctx, req.body);
  }

  @Handles(MealPlanList)
  list(@Payload() req: RequestOf<typeof MealPlanList>): Promise<ResponseOf<typeof MealPlanList>> {
    return this.mealPlans.list(req.ctx, req.query);
  }

  @Handles(MealPlanGet)
  get(@Payload() req: RequestOf<typeof MealPlanGet>): Promise<ResponseOf<typeof MealPlanGet>> {
    return this.mealPlans.get(req.ctx, req.params.id);
  }

  @Handles(MealPlanUpdate)
  update(@Payload() req: RequestOf<typeof MealPlanUpdate>): Promise<ResponseOf<typeof MealPlanUpdate>> {
    return this.mealPlans.update(req.ctx, req.params.id, req.body);
  }

  @Handles(MealPlanDelete)
  delete(@Payload() req: RequestOf<typeof MealPlanDelete>): Promise<void> {
    return this.mealPlans.delete(req.ctx, req.params.id);
  }
}
