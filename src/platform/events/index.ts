export { appendEvent, createEventConsumer } from './outbox.ts';
export type { ConsumerOptions, EventConsumer, OutboxEvent } from './outbox.ts';
export { createPeriodicJob } from './periodic.ts';
export type { PeriodicJob, PeriodicJobOptions } from './periodic.ts';
