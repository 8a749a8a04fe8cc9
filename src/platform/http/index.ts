export * from './problem.ts';
export * from './access.ts';
export * from './cursor.ts';
export { installJsonBodyParser, jsonDepthExceeds, MAX_JSON_DEPTH } from './body.ts';
export { installMetrics } from './metrics.ts';
export { installStreamingUpload } from './upload.ts';
export { installIdempotency, purgeIdempotencyKeys } from './idempotency.ts';
