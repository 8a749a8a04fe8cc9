export { createIdentityService, createAuthenticator, SESSION_COOKIE } from './service.ts';
export type { IdentityService, Me } from './service.ts';
export { identityRoutes } from './routes.ts';
export { createAccountsService } from './accounts.ts';
export type { AccountsService } from './accounts.ts';
export { accountsRoutes } from './accounts-routes.ts';
export { createEnterpriseRegistration } from './enterprise-registration.ts';
export type { EnterpriseRegistration } from './enterprise-registration.ts';
