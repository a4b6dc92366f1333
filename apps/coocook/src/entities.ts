import { ENTITLEMENT_ENTITIES } from '@sf/entitlements';
import { EVENT_ENTITIES } from '@sf/events';
import { Booking } from './bookings/booking.entity';
import { BookingReview } from './chefs/booking-review.entity';
import { Chef, ChefActivity, ChefAvailability, ChefFollow } from './chefs/chef.entity';
import { MealPlan } from './meal-plans/meal-plan.entity';
import { Recipe, RecipeDailyStats, RecipeReview, RecipeSearchTerm } from './recipes/recipe.entity';
import { ShoppingList, ShoppingListItem } from './shopping-lists/shopping-list.entity';
import { IDEMPOTENCY_ENTITIES } from '@sf/idempotency';

export const COOCOOK_ENTITIES = [
  ...IDEMPOTENCY_ENTITIES,
  Chef,
  ChefAvailability,
  ChefFollow,
  ChefActivity,
  Booking,
  BookingReview,
  Recipe,
  RecipeReview,
  RecipeDailyStats,
  RecipeSearchTerm,
  MealPlan,
  ShoppingList,
  ShoppingListItem,
  ...ENTITLEMENT_ENTITIES,
  ...EVENT_ENTITIES,
];
