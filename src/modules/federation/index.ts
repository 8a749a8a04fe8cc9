/** C15 平台网络 (platform network): what the server and other modules may use. */
export { createFederationService, createFederationScheduler } from './service.ts';
export type { FederationService, PeerView } from './service.ts';
export { federationRoutes } from './routes.ts';
export type { FederationRouteOptions } from './routes.ts';
export type { FederationDeps, StatisticsPort, RecordSharingPort } from './ports.ts';
export { nodeIdOf } from './node-identity.ts';
export type { NodeIdentity } from './node-identity.ts';
export { aggregationRecordPort } from './aggregation-port.ts';
