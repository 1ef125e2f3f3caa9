import type { RouteSpec } from '../route-spec.js';

/** Routes of the @wxpay/complaints domain (see ../../../shared/spec/wechatpayv3-api.md). */
export const complaintsRoutes: RouteSpec[] = [];
