export { createEntityService, normaliseEntity, usccError } from './service.ts';
export type { EntityService } from './service.ts';
export { codeRoutes, entityRoutes } from './routes.ts';
export { ENTITY_COLUMNS } from './store.ts';
export * as codes from './codes/index.ts';
export { generateEnterprises } from './demo/generator.ts';
export type { DemoEnterprise } from './demo/generator.ts';
