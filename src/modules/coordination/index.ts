/** 小微企业融资协调工作机制 (SPEC C7, 2024 mechanism): what other modules and the server may use. */
export { createCoordinationService } from './service.ts';
export type { CoordinationService, CoordinationOptions } from './service.ts';
export { coordinationRoutes } from './routes.ts';
export type { CoordinationRouteOptions } from './routes.ts';
export { screenCandidate, parseFen, fenToYuan, isOverdue, dueAt } from './rules.ts';
