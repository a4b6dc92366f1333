import { MigrationInterface, QueryRunner } from 'typeorm';

/** Prices in KRW per product: [pro monthly, pro annual, enterprise monthly, enterprise annual]. */
const PRODUCTS: {
  id: number;
  slug: string;
  name: string;
  description: string;
  features: string[];
  prices: [number, number, number, number];
}[] = [
  {
    id: 1,
    slug: 'coocook',
    name: 'CooCook',
    description: 'Book private chefs, keep recipes, plan meals and track nutrition.',
    features: ['Chef booking', 'Recipe library', 'Meal planning', 'Nutrition tracking'],
    prices: [9_900, 99_000, 29_900, 299_000],
  },
  {
    id: 2,
    slug: 'sns-auto',
    name: 'SNS Auto',
    description: 'Schedule and publish posts across social networks, with analytics.',
    features: ['Multi-account publishing', 'Post scheduling', 'Templates', 'Analytics'],
    prices: [19_900, 199_000, 59_900, 599_000],
  },
  {
    id: 3,
    slug: 'review-campaign',
    name: 'Review Campaign',
    description: 'Run review campaigns: recruit reviewers, approve applications, collect reviews.',
    features: ['Campaign management', 'Reviewer applications', 'Review tracking', 'Reports'],
    prices: [29_000, 290_000, 89_000, 890_000],
  },
  {
    id: 4,
    slug: 'ai-automation',
    name: 'AI Automation',
    description: 'Automate repetitive work with AI workflows and assistants.',
    features: ['Workflow builder', 'AI assistants', 'Integrations', 'Usage analytics'],
    prices: [49_000, 490_000, 149_000, 1_490_000],
  },
  {
    id: 5,
    slug: 'webapp-builder',
    name: 'WebApp Builder',
    description: 'Build and host web apps from templates, without code.',
    features: ['Templates', 'Visual editor', 'Hosting', 'Custom domains'],
    prices: [39_000, 390_000, 119_000, 1_190_000],
  },
];

const PLANS = [
  {
    id: 1,
    slug: 'free',
    name: 'Free',
    tier: 'free',
    description: 'Try the platform.',
    features: ['1 project', 'Community support'],
    maxProjects: 1,
  },
  {
    id: 2,
    slug: 'pro',
    name: 'Pro',
    tier: 'premium',
    description: 'For professionals: the full product and higher limits.',
    features: ['10 projects', 'All product features', 'Priority support', 'Higher API rate limits'],
    maxProjects: 10,
  },
  {
    id: 3,
    slug: 'enterprise',
    name: 'Enterprise',
    tier: 'enterprise',
    description: 'For teams: unlimited projects and API use.',
    features: ['Unlimited projects', 'All product features', 'Dedicated support', 'Unlimited API rate limits', 'SLA'],
    maxProjects: null,
  },
];

/** The catalogue the clients name literally: products 1..5 and plans free, pro, enterprise. */
export class SeedCatalogue1795439228581 implements MigrationInterface {
  name = 'SeedCatalogue1795439228581';

  async up(runner: QueryRunner): Promise<void> {
    for (const [i, p] of PRODUCTS.entries()) {
      await runner.query(
        `INSERT INTO "products" ("id", "slug", "name", "description", "features", "sort_order") VALUES ($1, $2, $3, $4, $5, $6)`,
        [p.id, p.slug, p.name, p.description, p.features, i],
      );
    }
    for (const [i, plan] of PLANS.entries()) {
      await runner.query(
        `INSERT INTO "plans" ("id", "slug", "name", "tier", "description", "features", "max_projects", "sort_order") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [plan.id, plan.slug, plan.name, plan.tier, plan.description, plan.features, plan.maxProjects, i],
      );
    }
    for (const p of PRODUCTS) {
      const [proMonthly, proAnnual, entMonthly, entAnnual] = p.prices;
      for (const [planId, planType, amount] of [
        [2, 'monthly', proMonthly],
        [2, 'annual', proAnnual],
        [3, 'monthly', entMonthly],
        [3, 'annual', entAnnual],
      ] as const) {
        await runner.query(`INSERT INTO "prices" ("product_id", "plan_id", "plan_type", "amount_krw") VALUES ($1, $2, $3, $4)`, [
          p.id,
          planId,
          planType,
          amount,
        ]);
      }
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DELETE FROM "prices"`);
    await runner.query(`DELETE FROM "plans"`);
    await runner.query(`DELETE FROM "products"`);
  }
}
