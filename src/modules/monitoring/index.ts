/** C10 风险监测预警: what the server and other modules may use. */
export { createMonitoringService } from './service.ts';
export type { MonitoringService, MonitoringOptions } from './service.ts';
export { createMonitoringConsumer, CONSUMER_NAME as MONITORING_CONSUMER_NAME } from './consumer.ts';
export type { MonitoringConsumer, MonitoringConsumerOptions } from './consumer.ts';
export { monitoringRoutes } from './routes.ts';
export type { MonitoringRouteOptions } from './routes.ts';
export { defaultRuleSet, validateRuleSet, SEVERITIES, GRADE_ITEM } from './rules.ts';
export type { RuleSet as MonitoringRuleSet, ScreeningRule, LevelRule } from './rules.ts';
export { ALERTS_PATH } from './screening.ts';
