import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
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
import { Handles } from '@sf/messaging';
import { RecipeSearchService } from './recipe-search.service';
import { RecipesService } from './recipes.service';

@Controller()
export class RecipesHandler {
  constructor(
    private readonly recipes: RecipesService,
    private readonly search: RecipeSearchService,
  ) {}

  @Handles(RecipeCreate)
  create(@Payload() req: RequestOf<typeof RecipeCreate>): Promise<ResponseOf<typeof RecipeCreate>> {
    return this.recipes.create(req.ctx, req.body);
  }

  @Handles(RecipeSearch)
  find(@Payload() req: RequestOf<typeof RecipeSearch>): Promise<ResponseOf<typeof RecipeSearch>> {
    return this.search.search(req.query);
  }

  @Handles(RecipeMine)
  mine(@Payload() req: RequestOf<typeof RecipeMine>): Promise<ResponseOf<typeof RecipeMine>> {
    return this.search.mine(req.ctx, req.query);
  }

  @Handles(RecipeTrending)
  trending(@Payload() req: RequestOf<typeof RecipeTrending>): Promise<ResponseOf<typeof RecipeTrending>> {
    return this.search.trending(req.query);
  }

  @Handles(RecipeNew)
  newest(@Payload() req: RequestOf<typeof RecipeNew>): Promise<ResponseOf<typeof RecipeNew>> {
    return this.search.newest(req.query);
  }

  @Handles(RecipeGet)
  get(@Payload() req: RequestOf<typeof RecipeGet>): Promise<ResponseOf<typeof RecipeGet>> {
    return this.recipes.get(req.ctx, req.params.id);
  }

  @Handles(RecipeUpdate)
  update(@Payload() req: RequestOf<typeof RecipeUpdate>): Promise<ResponseOf<typeof RecipeUpdate>> {
    return this.recipes.update(req.ctx, req.params.id, req.body);
  }

  @Handles(RecipeDelete)
  delete(@Payload() req: RequestOf<typeof RecipeDelete>): Promise<void> {
    return this.recipes.delete(req.ctx, req.params.id);
  }

  @Handles(RecipeNutrition)
  nutrition(@Payload() req: RequestOf<typeof RecipeNutrition>): Promise<ResponseOf<typeof RecipeNutrition>> {
    return this.recipes.nutrition(req.ctx, req.params.id);
  }

  @Handles(RecipeSimilar)
  similar(@Payload() req: RequestOf<typeof RecipeSimilar>): Promise<ResponseOf<typeof RecipeSimilar>> {
    return this.search.similar(req.ctx, req.params.id, req.query);
  }

  @Handles(RecipeReviewList)
  reviews(@Payload() req: RequestOf<typeof RecipeReviewList>): Promise<ResponseOf<typeof RecipeReviewList>> {
    return this.recipes.reviews(req.ctx, req.params.id, req.query);
  }

  @Handles(RecipeReviewCreate)
  review(@Payload() req: RequestOf<typeof RecipeReviewCreate>): Promise<ResponseOf<typeof RecipeReviewCreate>> {
    return this.recipes.review(req.ctx, req.params.id, req.body);
  }
}
