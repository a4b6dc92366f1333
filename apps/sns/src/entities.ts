import { ENTITLEMENT_ENTITIES } from '@sf/entitlements';
import { EVENT_ENTITIES } from '@sf/events';
import { SnsAccount } from './accounts/account.entity';
import { SnsFile } from './files/file.entity';
import { SnsPost, SnsPostTarget } from './posts/post.entity';
import { SnsSettings } from './settings/settings.entity';

export const SNS_ENTITIES = [SnsAccount, SnsPost, SnsPostTarget, SnsSettings, SnsFile, ...ENTITLEMENT_ENTITIES, ...EVENT_ENTITIES];
