/** C9 按区域、行业批量推送 (batch push of public information): what the server and other modules may use. */
export { createPushService, entriesPath as pushEntriesPath, SYSTEM_REQUESTER as PUSH_SYSTEM_REQUESTER } from './service.ts';
export type { PushService, PushOptions, SubscriptionInput as PushSubscriptionInput, BatchOutcome as PushBatchOutcome } from './service.ts';
export { pushRoutes } from './routes.ts';
export type { PushRouteOptions } from './routes.ts';
export { createPushScheduler } from './scheduler.ts';
export type { PushSchedulerOptions } from './scheduler.ts';
export { boundaryAtOrBefore, nextBoundary, periodOf } from './periods.ts';
