export { createCatalogService, catalogProblems, bundledCatalog } from './service.ts';
export type { CatalogService } from './service.ts';
export { catalogRoutes } from './routes.ts';
export type { CatalogDocument, CatalogItem } from './schemas.ts';
