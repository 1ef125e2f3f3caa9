import type { RouteSpec } from '../route-spec.js';

/** Routes of the @wxpay/marketing domain (see ../../../shared/spec/wechatpayv3-api.md). */
export const marketingRoutes: RouteSpec[] = [];
