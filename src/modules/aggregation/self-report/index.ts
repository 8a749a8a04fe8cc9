export { createSelfReportService, SELF_REPORT_CATEGORY } from './service.ts';
export type { SelfReportService, EnterpriseActor } from './service.ts';
export { selfReportRoutes } from './routes.ts';
export { verifyCommitmentReceipt } from './commitment-receipt.ts';
export type { CommitmentReceipt } from './commitment-receipt.ts';
export { currentCommitmentText } from './commitment-text.ts';
