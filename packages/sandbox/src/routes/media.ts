import type { RouteSpec } from '../route-spec.js';

/** Routes of the @wxpay/media domain (see ../../../shared/spec/wechatpayv3-api.md). */
export const mediaRoutes: RouteSpec[] = [];
