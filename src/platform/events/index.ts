export { appendEvent, createEventConsumer } from './outbox.ts';
export type { ConsumerOptions, EventConsumer, OutboxEvent } from './outbox.ts';
