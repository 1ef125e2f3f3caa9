import type { RouteSpec } from '../route-spec.js';

/** Routes of the @wxpay/payscore domain (see ../../../shared/spec/wechatpayv3-api.md). */
export const payscoreRoutes: RouteSpec[] = [];
