/**
 * The provider contract the platform calls (docs/provider-contract.openapi.yaml): paths, headers and the
 * shapes of the answers. A real provider implements it; providers/sim implements it for demos and tests.
 */

/** The enterprise authorisation the call is made under (or `subject-self:<uscc>` / `operator:<id>`). */
export const AUTHORISATION_REF_HEADER = 'x-xr-authorisation-ref';
/** Correlates the platform's request with the provider's log line. */
export const REQUEST_ID_HEADER = 'x-xr-request-id';
/** Key id the platform signs with when an endpoint has no explicit one. */
export const DEFAULT_KEY_ID = 'xinrong';

/** Visible ASCII, as every x-xr-* header value. */
export const AUTHORISATION_REF = /^[\x21-\x7e]{1,128}$/;

export const recordsPath = (item: string, uscc: string) =>
  `/provider/v1/items/${encodeURIComponent(item)}/records/${encodeURIComponent(uscc)}`;
export const VERIFICATIONS_PATH = '/provider/v1/verifications';

/** A value as providers send it: decimals as strings, dates YYYY-MM-DD, absent values null. */
export type RecordValue = string | number | boolean | null;
export type ProviderRecord = Record<string, RecordValue>;

/** Where and how to call one provider category. */
export interface ProviderEndpoint {
  /** http(s) URL without query; the contract's paths are appended to it. */
  baseUrl: string;
  /** HMAC-SM3 shared secret; without it calls go unsigned. */
  secret?: string;
  keyId?: string;
}

export type ClaimOp = 'equals' | 'gte' | 'lte' | 'exists';
export type ClaimResult = 'true' | 'false' | 'unknown';

/** The problem code with which a provider's 404 says "I hold nothing for this enterprise" (not an error). */
export const NO_RECORDS_CODE = 'NO_RECORDS';
