/** C11 信用修复 (credit repair): what the server and other modules may use. */
export { createRepairService } from './service.ts';
export type { RepairService, RepairOptions, ApplyInput as RepairApplyInput } from './service.ts';
export { repairRoutes } from './routes.ts';
export type { RepairRouteOptions } from './routes.ts';
export { createRepairScheduler } from './scheduler.ts';
export { addPeriod, kindOfItem, penaltyWindow, periodRules } from './periods.ts';
export type { PenaltyCase, RepairKind, Window as PublicityWindow } from './periods.ts';
