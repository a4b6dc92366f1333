import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  RecipeCreate,
  RecipeDelete,
  RecipeGet,
  RecipeMine,
  RecipeNew,
  RecipeNutrition,
  RecipeReviewCreate,
  RecipeReviewList,
  RecipeSearch,
  RecipeSimilar,
  RecipeTrending,
  RecipeUpdate,
  RequestOf,
  ResponseOf,
} from '@sf/contracts';
import { RecipeSearchService } from './recipe-search.service';
import { RecipesService } from './recipes.service';

@Controller()
export class RecipesHandler {
  constructor(
    private readonly recipes: RecipesService,
    private readonly search: RecipeSearchService,
  ) {}

  @MessagePattern(RecipeCreate.subject)
  create(@Payload() req: RequestOf<typeof RecipeCreate>): Promise<ResponseOf<typeof RecipeCreate>> {
    return this.recipes.create(req.ctx, req.body);
  }

  @MessagePattern(RecipeSearch.subject)
  find(@Payload() req: RequestOf<typeof RecipeSearch>): Promise<ResponseOf<typeof RecipeSearch>> {
    return this.search.search(req.query);
  }

  @MessagePattern(RecipeMine.subject)
  mine(@Payload() req: RequestOf<typeof RecipeMine>): Promise<ResponseOf<typeof RecipeMine>> {
    return this.search.mine(req.ctx, req.query);
  }

  @MessagePattern(RecipeTrending.subject)
  trending(@Payload() req: RequestOf<typeof RecipeTrending>): Promise<ResponseOf<typeof RecipeTrending>> {
    return this.search.trending(req.query);
  }

  @MessagePattern(RecipeNew.subject)
  newest(@Payload() req: RequestOf<typeof RecipeNew>): Promise<ResponseOf<typeof RecipeNew>> {
    return this.search.newest(req.query);
  }

  @MessagePattern(RecipeGet.subject)
  get(@Payload() req: RequestOf<typeof RecipeGet>): Promise<ResponseOf<typeof RecipeGet>> {
    return this.recipes.get(req.ctx, req.params.id);
  }

  @MessagePattern(RecipeUpdate.subject)
  update(@Payload() req: RequestOf<typeof RecipeUpdate>): Promise<ResponseOf<typeof RecipeUpdate>> {
    return this.recipes.update(req.ctx, req.params.id, req.body);
  }

  @MessagePattern(RecipeDelete.subject)
  delete(@Payload() req: RequestOf<typeof RecipeDelete>): Promise<void> {
    return this.recipes.delete(req.ctx, req.params.id);
  }

  @MessagePattern(RecipeNutrition.subject)
  nutrition(@Payload() req: RequestOf<typeof RecipeNutrition>): Promise<ResponseOf<typeof RecipeNutrition>> {
    return this.recipes.nutrition(req.ctx, req.params.id);
  }

  @MessagePattern(RecipeSimilar.subject)
  similar(@Payload() req: RequestOf<typeof RecipeSimilar>): Promise<ResponseOf<typeof RecipeSimilar>> {
    return this.search.similar(req.ctx, req.params.id, req.query);
  }

  @MessagePattern(RecipeReviewList.subject)
  reviews(@Payload() req: RequestOf<typeof RecipeReviewList>): Promise<ResponseOf<typeof RecipeReviewList>> {
    return this.recipes.reviews(req.ctx, req.params.id, req.query);
  }

  @MessagePattern(RecipeReviewCreate.subject)
  review(@Payload() req: RequestOf<typeof RecipeReviewCreate>): Promise<ResponseOf<typeof RecipeReviewCreate>> {
    return this.recipes.review(req.ctx, req.params.id, req.body);
  }
}
