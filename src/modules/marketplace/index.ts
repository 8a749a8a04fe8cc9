/** C8 product pool and matching (产品池 / 智能匹配): what other modules, the server and the benchmarks may use. */
export { createMarketplaceService } from './service.ts';
export type { MarketplaceService, MarketplaceOptions, DemandInput } from './service.ts';
export { marketplaceRoutes } from './routes.ts';
export type { MarketplaceRouteOptions } from './routes.ts';
export { createMarketplaceScheduler } from './scheduler.ts';
export type { MarketplaceSchedulerOptions } from './scheduler.ts';
export { createProfileLoader } from './profiles.ts';
export type { ProfileLoader, ProfileSources, RegistryFacts } from './profiles.ts';
export { ProductIndex, matchingConfig } from './matching.ts';
export type { LiveProduct, DemandFacts, Match, FitReason } from './matching.ts';
export { validateRules, compileRules } from './eligibility.ts';
export type { Rule, EnterpriseProfile, RuleOutcome } from './eligibility.ts';
export { parseFen } from './products.ts';
export type { ProductFields } from './store.ts';
