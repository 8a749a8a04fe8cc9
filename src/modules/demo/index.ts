export { seedDemo, seedEnterprises, formatDemoCredentials, demoEntityRow } from './seed-demo.ts';
export type { DemoCredentials, DemoUser, SeedOptions } from './seed-demo.ts';
