export { createQualityService, EXPECTED_DAYS, DEFAULT_ERROR_WINDOW_DAYS, basisPoints, dayOf } from './service.ts';
export type { QualityService, ItemQuality, Timeliness } from './service.ts';
export { qualityRoutes } from './routes.ts';
export { createQualityScheduler } from './scheduler.ts';
export type { QualityScheduler } from './scheduler.ts';
export { recordUsage } from './store.ts';
export type { UsageEntry, UsageMode } from './store.ts';
