import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Chef } from '../chefs/chef.entity';
import { COOCOOK_CONFIG, CoocookConfig } from '../coocook.config';
import { ingredientKey } from '../nutrition/ingredient-names';
import { Recipe } from '../recipes/recipe.entity';
import { DEMO_CHEFS, DEMO_RECIPES } from './demo-data';
import { inTransaction } from '@sf/idempotency';

/** Demo mode: chefs and recipes to browse, loaded at start; loading again changes nothing. */
@Injectable()
export class DemoDataService {
  private readonly logger = new Logger('DemoData');

  constructor(
    @Inject(COOCOOK_CONFIG) private readonly config: CoocookConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async seed(): Promise<void> {
    if (!this.config.common.demoMode) return;
    await inTransaction(this.dataSource, async (manager) => {
      const chefs = await manager
        .createQueryBuilder()
        .insert()
        .into(Chef)
        .values(
          DEMO_CHEFS.map((c) => ({
            id: c.id,
            userId: c.userId,
            name: c.name,
            bio: c.bio,
            cuisine: c.cuisine,
            location: c.location,
            hourlyRateKrw: c.hourlyRateKrw,
          })),
        )
        .orIgnore()
        .execute();
      const recipes = await manager
        .createQueryBuilder()
        .insert()
        .into(Recipe)
        .values(
          DEMO_RECIPES.map((r) => ({
            id: r.id,
            authorId: DEMO_CHEFS[r.chefIndex].userId,
            slug: `${r.title
              .toLowerCase()
              .replace(/[^a-z0-9]+/g, '-')
              .replace(/^-|-$/g, '')}-demo`,
            title: r.title,
            description: r.description,
            category: r.category,
            cuisine: r.cuisine,
            difficulty: r.difficulty,
            prepTimeMins: r.prepTimeMins,
            cookTimeMins: r.cookTimeMins,
            servings: r.servings,
            tags: r.tags,
            ingredients: r.ingredients,
            ingredientKeys: [...new Set(r.ingredients.map((x) => ingredientKey(x.name)))],
            instructions: r.instructions,
            status: 'published' as const,
            publishedAt: new Date(),
          })),
        )
        .orIgnore()
        .execute();
      const added = (chefs.raw as unknown[]).length + (recipes.raw as unknown[]).length;
      if (added) this.logger.log(`demo data loaded: ${DEMO_CHEFS.length} chefs, ${DEMO_RECIPES.length} recipes`);
    });
  }
}
