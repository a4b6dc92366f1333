import { ADMIN_SCHEMA } from '../apps/admin/src/database';
import { AUTH_SCHEMA } from '../apps/auth/src/database';
import { AUTOMATION_SCHEMA } from '../apps/automation/src/database';
import { COOCOOK_SCHEMA } from '../apps/coocook/src/database';
import { NOTIFICATIONS_SCHEMA } from '../apps/notifications/src/database';
import { PAYMENT_SCHEMA } from '../apps/payment/src/database';
import { PLATFORM_SCHEMA } from '../apps/platform/src/database';
import { SNS_SCHEMA } from '../apps/sns/src/database';
import { STORAGE_SCHEMA } from '../apps/storage/src/database';
import { REVIEW_SCHEMA } from '../apps/review/src/database';
import { SITES_SCHEMA } from '../apps/sites/src/database';

/** Every service's schema, in the order they are provisioned and migrated. */
export const SERVICE_SCHEMAS = [
  AUTH_SCHEMA,
  PAYMENT_SCHEMA,
  STORAGE_SCHEMA,
  COOCOOK_SCHEMA,
  PLATFORM_SCHEMA,
  ADMIN_SCHEMA,
  NOTIFICATIONS_SCHEMA,
  REVIEW_SCHEMA,
  SNS_SCHEMA,
  SITES_SCHEMA,
  AUTOMATION_SCHEMA,
];
