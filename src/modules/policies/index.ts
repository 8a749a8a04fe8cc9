/** C13 惠企政策直达 (financing support policies): what the server, the demo and other modules may use. */
export { createPolicyService, judge as judgePolicy } from './service.ts';
export type { PolicyService, PolicyOptions, InstitutionFacts } from './service.ts';
export { createBenefitService } from './benefits.ts';
export type { BenefitService, BenefitOptions } from './benefits.ts';
export { policyRoutes } from './routes.ts';
export type { PolicyRouteOptions } from './routes.ts';
export { createPolicyScheduler } from './scheduler.ts';
export { computeBenefit } from './formula.ts';
export type { Formula, Computation } from './formula.ts';
export { policyConfig, POLICY_KINDS } from './kinds.ts';
export type { PolicyKind } from './kinds.ts';
export type { PolicyInput } from './validate.ts';
