/** C7 信易贷白名单: what other modules, the server and the CLI may use. */
export { createWhitelistService, SYSTEM_REQUESTER, cstDate } from './service.ts';
export type { Entry as WhitelistEntry, WhitelistService, WhitelistOptions, Requester as WhitelistRequester, RunOutcome as WhitelistRunOutcome, RunTrigger as WhitelistRunTrigger } from './service.ts';
export { whitelistRoutes } from './routes.ts';
export type { WhitelistRouteOptions } from './routes.ts';
export { createWhitelistScheduler, duePeriod } from './scheduler.ts';
export type { WhitelistSchedulerOptions } from './scheduler.ts';
export { defaultRuleSet, validateRuleSet, RULE_IDS, MANDATORY_RULES } from './rules.ts';
export type { Rule, RuleSet, RuleId, RuleProblem } from './rules.ts';
