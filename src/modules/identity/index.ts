export { createIdentityService, createAuthenticator, SESSION_COOKIE } from './service.ts';
export type { IdentityService, Me } from './service.ts';
export { identityRoutes } from './routes.ts';
