/** C16 标准化信用信息报告 (standardized credit report): what the server and other modules may use. */
export { createReportService, receiptPath as reportReceiptPath, VERIFY_PAGE as REPORT_VERIFY_PAGE } from './service.ts';
export type { ReportService, ReportDeps, ReportFormat } from './service.ts';
export { reportRoutes } from './routes.ts';
export type { ReportRouteOptions } from './routes.ts';
export { assembleReport, versionOf as reportVersionOf } from './content.ts';
export type { RegistryFacts as ReportRegistryFacts, EvaluationFacts as ReportEvaluationFacts, SourceRecord as ReportSourceRecord } from './content.ts';
export { contentDigest as reportContentDigest, readUploadedReport, reportNumber } from './digest.ts';
export type { ReportContent, ReportReplyT as ReportReply, VerifyReplyT as ReportVerifyReply } from './schemas.ts';
