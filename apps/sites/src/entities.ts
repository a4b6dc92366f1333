import { ENTITLEMENT_ENTITIES } from '@sf/entitlements';
import { EVENT_ENTITIES } from '@sf/events';
import { IDEMPOTENCY_ENTITIES } from '@sf/idempotency';
import { SiteComponent } from './components/component.entity';
import { FormSubmission } from './forms/submission.entity';
import { Page } from './pages/page.entity';
import { Site, SiteVersion } from './sites/site.entity';

export const SITES_ENTITIES = [
  ...IDEMPOTENCY_ENTITIES,
  Site,
  SiteVersion,
  Page,
  SiteComponent,
  FormSubmission,
  ...ENTITLEMENT_ENTITIES,
  ...EVENT_ENTITIES,
];
