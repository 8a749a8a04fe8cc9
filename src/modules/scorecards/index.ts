/** C6 statistical scorecards on loan outcomes fed back by institutions: what the server and other modules may use. */
export { createScorecardService } from './service.ts';
export type { ScorecardService, ScorecardOptions, FeatureSource, Requester as ScorecardRequester, TrainingRequest, ItemResult } from './service.ts';
export { scorecardRoutes } from './routes.ts';
export type { ScorecardRouteOptions } from './routes.ts';
export { classifyLoan, addMonths, cstDay, DEFAULT_RULE } from './performance-window.ts';
export type { Outcome, Label, PerformanceRule } from './performance-window.ts';
export type { LoanReport } from './loan-reports.ts';
export { simulateLoanBook, simulatedDefaultRisk } from './simulated-book.ts';
export type { SimulatedLoan } from './simulated-book.ts';
