import { serviceKey } from '../hub/services';
import type { DownloadLinks } from './api/downloads';
import type { ApiKeys } from './keys';
import type { Eraser } from './rights/erase';
import type { Retention } from './rights/retention';
import type { Webhooks } from './webhooks/service';

export type PlatformService = Readonly<{
  keys: ApiKeys;
  webhooks: Webhooks;
  retention: Retention;
  eraser: Eraser;
  links: DownloadLinks;
  /** `METHOD /api/v1/path` of every public route the hub registered. */
  routes: readonly string[];
}>;

export const PLATFORM = serviceKey<PlatformService>('platform');
