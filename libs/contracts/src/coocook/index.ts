import type { EndpointDefinition } from '../common/endpoint';
import * as bookings from './bookings.contract';
import * as chefs from './chefs.contract';
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

/** Every public endpoint the coocook service owns. */
export const COOCOOK_ENDPOINTS = [
  chefs.ChefRegister,
  chefs.ChefList,
  chefs.ChefGet,
  chefs.ChefUpdate,
  chefs.ChefReviews,
  chefs.ChefAvailabilityGet,
  chefs.ChefAvailabilityUpdate,
  chefs.ChefFollow,
  chefs.ChefUnfollow,
  chefs.CoocookFeed,
  bookings.BookingCreate,
  bookings.BookingList,
  bookings.BookingGet,
  bookings.BookingUpdateStatus,
  bookings.BookingCancel,
  bookings.BookingPay,
  bookings.BookingReviewCreate,
  recipes.RecipeCreate,
  recipes.RecipeSearch,
  recipes.RecipeMine,
  recipes.RecipeTrending,
  recipes.RecipeNew,
  recipes.RecipeGet,
  recipes.RecipeUpdate,
  recipes.RecipeDelete,
  recipes.RecipeNutrition,
  recipes.RecipeSimilar,
  recipes.RecipeReviewList,
  recipes.RecipeReviewCreate,
  mealPlans.MealPlanCreate,
  mealPlans.MealPlanList,
  mealPlans.MealPlanGet,
  mealPlans.MealPlanUpdate,
  mealPlans.MealPlanDelete,
  shopping.ShoppingListCreate,
  shopping.ShoppingListList,
  shopping.ShoppingListAddRecipe,
  shopping.ShoppingListGet,
  shopping.ShoppingListUpdate,
  shopping.ShoppingListDelete,
  shopping.ShoppingItemAdd,
  shopping.ShoppingItemUpdate,
  shopping.ShoppingItemRemove,
  shopping.ShoppingListCosts,
] as EndpointDefinition<unknown, unknown, unknown>[];
