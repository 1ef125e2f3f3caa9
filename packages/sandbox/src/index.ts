export { createSandbox } from './create-sandbox.js';
export { RETRY_SCHEDULE_SECONDS } from './notifier.js';
export { RouteFailure, routeError } from './route-spec.js';
export type { EncryptedBillList, RouteContext, RouteError, RouteMethod, RouteSpec } from './route-spec.js';
export type {
  CallbackDelivery,
  FaultKind,
  MerchantSeed,
  RecordedRequest,
  Sandbox,
  SandboxMerchant,
  SandboxNotification,
  SandboxOptions,
  SandboxPlatform,
  TrustMode,
} from './types.js';
