export { seedDemo, seedEnterprises, formatDemoCredentials, demoEntityRow } from './seed-demo.ts';
export { seedDemoLoans, DEMO_LENDER } from './seed-loans.ts';
export { seedDemoProducts } from './seed-products.ts';
export type { DemoCredentials, DemoUser, SeedOptions } from './seed-demo.ts';
export { seedDemoPolicies } from './seed-policies.ts';
