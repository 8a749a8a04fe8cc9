/** C3 interface call (接口调用): live reads from providers with cache, retries and a circuit breaker. */
export { createInterfaceCallService } from './service.ts';
export type { InterfaceCallDeps, InterfaceCallService } from './service.ts';
export { createInterfaceCaller } from './caller.ts';
export type { CallLog, FetchItemInput, FetchItemResult, InterfaceCaller, InterfaceCallerOptions, VerifyClaimInput } from './caller.ts';
export { interfaceCallRoutes } from './routes.ts';
export type { InterfaceCallRouteOptions } from './routes.ts';
export { createEndpointRegistry, normaliseBaseUrl } from './endpoint-registry.ts';
export type { EndpointInput, EndpointRegistry, ProviderEndpointView } from './endpoint-registry.ts';
export { checkRecordsAnswer } from './answer-check.ts';
export { sourceUnavailable } from './source-unavailable.ts';
export type { FailureReason } from './source-unavailable.ts';
export { AUTHORISATION_REF_HEADER, REQUEST_ID_HEADER, NO_RECORDS_CODE } from './provider-contract.ts';
export type { ClaimOp, ClaimResult, ProviderEndpoint, ProviderRecord, RecordValue } from './provider-contract.ts';
