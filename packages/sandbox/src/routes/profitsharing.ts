import type { RouteSpec } from '../route-spec.js';

/** Routes of the @wxpay/profitsharing domain (see ../../../shared/spec/wechatpayv3-api.md). */
export const profitsharingRoutes: RouteSpec[] = [];
