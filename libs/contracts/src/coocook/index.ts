import { serviceContract } from '../common/service-contract';
import * as bookings from './bookings.contract';
import * as chefs from './chefs.contract';
import * as events from './events';
import * as mealPlans from './meal-plans.contract';
import * as recipes from './recipes.contract';
import * as shopping from './shopping-lists.contract';

export * from './bookings.contract';
export * from './chefs.contract';
export * from './coocook-fields';
export * from './events';
export * from './meal-plans.contract';
export * from './recipes.contract';
export * from './shopping-lists.contract';

/** Everything the coocook service declares. */
export const COOCOOK = serviceContract('coocook', [chefs, bookings, recipes, mealPlans, shopping, events]);
