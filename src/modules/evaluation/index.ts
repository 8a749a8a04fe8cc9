/** C6 public-credit comprehensive evaluation and profiles: what other modules, the server and the CLI may use. */
export { createEvaluationService } from './service.ts';
export type { EvaluationService, EvaluationOptions, Requester, RunResult, RunTrigger } from './service.ts';
export { evaluationRoutes } from './routes.ts';
export type { EvaluationRouteOptions } from './routes.ts';
export { createEvaluationConsumer, CONSUMER_NAME as EVALUATION_CONSUMER_NAME } from './consumer.ts';
export type { EvaluationConsumer, EvaluationConsumerOptions } from './consumer.ts';
export { createEvaluationScheduler } from './scheduler.ts';
export type { EvaluationScheduler, EvaluationSchedulerOptions } from './scheduler.ts';
export { evaluateFeatures, gradeOf, renderReasons, renderDimensions } from './evaluate.ts';
export type { Evaluation, Reason, StoredReason, DimensionScore } from './evaluate.ts';
export { defaultModel, validateModel } from './model.ts';
export type { ModelDefinition } from './model.ts';
export { tagsOf } from './tags.ts';
export type { Tag } from './tags.ts';
export type { Features } from './features.ts';
export { FEATURE_CODES } from './features.ts';
