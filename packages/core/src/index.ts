export * from './errors.js';
export * from './endpoint.js';
export type * from './types.js';
export * from './exports-trust.js';
export * from './exports-client.js';
export * from './request-helpers.js';
