import type { RouteSpec } from '../route-spec.js';
import { complaintsRoutes } from './complaints.js';
import { marketingRoutes } from './marketing.js';
import { mediaRoutes } from './media.js';
import { miscRoutes } from './misc.js';
import { payscoreRoutes } from './payscore.js';
import { profitsharingRoutes } from './profitsharing.js';

/** Generic data-declared routes of the domains beyond basic payments (payments has its own stateful handlers). */
export const domainRoutes: RouteSpec[] = [
  ...payscoreRoutes,
  ...marketingRoutes,
  ...profitsharingRoutes,
  ...complaintsRoutes,
  ...mediaRoutes,
  // API families no domain package owns (onboarding, bank component, fapiao, gold plan, transfers ...).
  ...miscRoutes,
];
