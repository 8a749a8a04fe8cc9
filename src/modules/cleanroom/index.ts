/** C12 数据安全屋 (clean room): what the server and other modules may use. */
export { createCleanroomService } from './service.ts';
export type { CleanroomService, CleanroomOptions, ModelPopulation } from './service.ts';
export { cleanroomRoutes } from './routes.ts';
export type { CleanroomRouteOptions } from './routes.ts';
export { validateSpec, normaliseSpec, itemsOf } from './spec.ts';
export type { ModelSpec, ScorecardSpec, LogisticSpec, SpecProblem } from './spec.ts';
export { loadLeakRules, specLeaks, populationLeak } from './leaks.ts';
export type { Leak, LeakRuleSet } from './leaks.ts';
export { scoreOf, specSm3, populationSm3, outputCsv, outputSm3 } from './scoring.ts';
