/** C12 privacy computing: ECDH-PSI and vertical federated logistic regression — what the server and other modules may use. */
export { createPrivacyService } from './service.ts';
export type { PrivacyService, PrivacyOptions } from './service.ts';
export type { HostFeatures } from './training-service.ts';
export { privacyRoutes } from './routes.ts';
export type { PrivacyRouteOptions } from './routes.ts';
export { hostFeaturesFrom, PLATFORM_FEATURES } from './platform-features.ts';
