/** C11 异议申诉 (objections): what the server and other modules may use. */
export { createObjectionsService, mayAppeal, partyOf } from './service.ts';
export type { ObjectionsService, ObjectionsOptions, FileInput as ObjectionInput, DecideInput as ObjectionDecision } from './service.ts';
export { objectionRoutes } from './routes.ts';
export type { ObjectionRouteOptions } from './routes.ts';
export { createObjectionsScheduler } from './scheduler.ts';
export { deadlineRules, deadlinesOf, daysLeft, isOverdue, localDate, localDayStart, offsetMs } from './deadlines.ts';
export { checkEvidence, evidenceStore, shapeDocument } from './evidence.ts';
export type { EvidenceInput, DocumentRow } from './evidence.ts';
