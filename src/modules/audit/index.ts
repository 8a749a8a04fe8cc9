/** C5 audit and evidence log: what other modules may use. Writers call `services.audit.append(event)`. */
export type { AuditActor, AuditEvent, AuditOutcome, AuditSink } from './events.ts';
export { createAuditLog, entryFromRow, EXPORT_FORMAT, CHECKPOINTS_FORMAT } from './log.ts';
export type { AuditLog, AuditLogOptions, AuditPublicKey, AuditReceipt, StoredCheckpoint } from './log.ts';
export { actorOf } from './events.ts';
export { createCheckpointScheduler } from './scheduler.ts';
export type { CheckpointScheduler } from './scheduler.ts';
export { auditRoutes } from './routes.ts';
export { auditedRead, installChangeAudit, type AccessFacts } from './http-audit.ts';
export type { AuditRouteOptions } from './routes.ts';
export { canonicalJson, entryBytes, entryOf, type AuditEntry } from './canonical.ts';
export { verifyExport, verifyReceipt, verifyCheckpointChain, entryLeafHash } from './verify.ts';
export type { VerifyResult, VerifyFailure } from './verify.ts';
