export { siteRoutes, VERSION } from './routes.ts';
