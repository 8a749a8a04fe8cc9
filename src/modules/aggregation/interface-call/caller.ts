import { setTimeout as sleep } from 'node:timers/promises';
import type { Db } from '../../../platform/db/index.ts';
import type { FieldCipher } from '../../../platform/crypto/index.ts';
import { badRequest } from '../../../platform/http/index.ts';
import type { CatalogItem } from '../../catalog/index.ts';
import { usccError } from '../../entities/index.ts';
import { checkRecordsAnswer } from './answer-check.ts';
import { CircuitBreaker, type BreakerOptions, type BreakerSnapshot } from './breaker.ts';
import { cacheAad, interfaceCacheStore } from './cache-store.ts';
import type { InterfaceCallMetrics } from './metrics.ts';
import {
  AUTHORISATION_REF, AUTHORISATION_REF_HEADER, NO_RECORDS_CODE, recordsPath, REQUEST_ID_HEADER, VERIFICATIONS_PATH,
  type ClaimOp, type ClaimResult, type ProviderEndpoint, type ProviderRecord,
} from './provider-contract.ts';
import { sendProviderRequest, type ProviderRequest, type WireResult } from './provider-request.ts';
import { sourceUnavailable, type FailureReason } from './source-unavailable.ts';

/** A pino-compatible logger (Fastify's request.log fits). */
export interface CallLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

const consoleLog: CallLog = {
  info: () => undefined,
  warn: (obj, msg) => console.warn(JSON.stringify({ level: 'warn', msg, ...obj })),
  error: (obj, msg) => console.error(JSON.stringify({ level: 'error', msg, ...obj })),
};

export interface InterfaceCallerOptions {
  db: Db;
  cipher: FieldCipher;
  clock?: () => number;
  /** Where a provider category is called; undefined when none is configured. May be async (a store). */
  endpoints: (providerCategory: string) => ProviderEndpoint | undefined | Promise<ProviderEndpoint | undefined>;
  /** Per attempt, from sending to the last byte of the answer. */
  timeoutMs?: number;
  /** Further attempts after a timeout, network error or 5xx (never after a 4xx or an invalid answer). */
  retries?: number;
  /** First back-off; doubles per retry, with jitter. */
  backoffMs?: number;
  breaker?: BreakerOptions;
  metrics?: InterfaceCallMetrics;
  log?: CallLog;
  fetch?: typeof fetch;
  /** Jitter source, injectable for tests. */
  random?: () => number;
}

export interface FetchItemInput {
  uscc: string;
  item: CatalogItem;
  /** The authorisation the read is made under; sent to the provider, which logs it. */
  authorisationRef: string;
  requestId: string;
  log?: CallLog;
}

export interface FetchItemResult {
  records: ProviderRecord[];
  /** When the platform got this answer from the provider (ISO 8601). */
  fetchedAt: string;
  /** The provider's own as-of time for the data, when it gave one. */
  asOf: string | null;
  /** True when the provider could not be reached now and this is an earlier answer. */
  stale: boolean;
  source: 'provider' | 'cache';
  provider: string;
}

export interface VerifyClaimInput {
  uscc: string;
  item: CatalogItem;
  field: string;
  op: ClaimOp;
  value?: string | number | boolean;
  match?: 'any' | 'all';
  authorisationRef: string;
  requestId: string;
  log?: CallLog;
}

type Verdict<T> =
  | { ok: true; value: T; outcome: string }
  | { ok: false; reason: FailureReason; detail: string; retry: boolean; providerDown: boolean };

type CallOutcome<T> = { ok: true; value: T } | { ok: false; reason: FailureReason; detail: string; retryInMs: number };

/** Answers that are not 2xx: 5xx are retried and count against the provider, other 4xx are refusals. */
function httpVerdict<T>(wire: Extract<WireResult, { kind: 'response' }>): Verdict<T> {
  if (wire.status >= 500) return { ok: false, reason: 'server_error', detail: `provider answered ${wire.status}`, retry: true, providerDown: true };
  const code = (wire.json as { code?: unknown } | undefined)?.code;
  return { ok: false, reason: 'rejected', detail: `provider answered ${wire.status}${typeof code === 'string' ? ` ${code}` : ''}`, retry: false, providerDown: false };
}

export function createInterfaceCaller(options: InterfaceCallerOptions) {
  const clock = options.clock ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 3000;
  const retries = options.retries ?? 2;
  const backoffMs = options.backoffMs ?? 100;
  const breakerOptions = options.breaker ?? { failures: 5, openMs: 30_000 };
  const doFetch = options.fetch ?? fetch;
  const random = options.random ?? Math.random;
  const defaultLog = options.log ?? consoleLog;
  const metrics = options.metrics;
  const cache = interfaceCacheStore(options.db);
  const breakers = new Map<string, CircuitBreaker>();

  function breakerFor(category: string): CircuitBreaker {
    let b = breakers.get(category);
    if (!b) {
      b = new CircuitBreaker(breakerOptions, clock);
      breakers.set(category, b);
    }
    return b;
  }

  /** Attempts with retries and back-off, guarded by the provider's breaker; never throws for provider faults. */
  async function call<T>(
    category: string,
    endpoint: ProviderEndpoint,
    request: ProviderRequest,
    interpret: (wire: Extract<WireResult, { kind: 'response' }>) => Verdict<T>,
    log: CallLog,
  ): Promise<CallOutcome<T>> {
    const breaker = breakerFor(category);
    for (let attempt = 0; ; attempt++) {
      if (breaker.acquire() === null) {
        metrics?.failures.inc({ provider: category, reason: 'breaker_open' });
        return { ok: false, reason: 'breaker_open', detail: 'circuit breaker open after repeated failures', retryInMs: breaker.retryInMs() };
      }
      const started = performance.now();
      let verdict: Verdict<T>;
      try {
        // Signatures carry real time: the provider checks them against its own clock, not our logical one.
        const wire = await sendProviderRequest(endpoint, request, { timeoutMs, fetch: doFetch, now: new Date() });
        if (wire.kind === 'timeout') verdict = { ok: false, reason: 'timeout', detail: `no answer within ${timeoutMs} ms`, retry: true, providerDown: true };
        else if (wire.kind === 'network') verdict = { ok: false, reason: 'network', detail: wire.message, retry: true, providerDown: true };
        else verdict = interpret(wire);
      } catch (err) {
        // A fault on our side (e.g. a malformed endpoint URL): report it, and do not hold the half-open trial.
        breaker.release();
        throw err;
      }
      metrics?.duration.observe({ provider: category }, (performance.now() - started) / 1000);
      metrics?.calls.inc({ provider: category, outcome: verdict.ok ? verdict.outcome : verdict.reason });
      if (verdict.ok) {
        breaker.success();
        return { ok: true, value: verdict.value };
      }
      if (verdict.providerDown) breaker.failure();
      else breaker.success(); // it answered: reachable, whatever it thought of the request
      metrics?.failures.inc({ provider: category, reason: verdict.reason });
      log.warn({ provider: category, path: request.path, attempt: attempt + 1, reason: verdict.reason, detail: verdict.detail, breaker: breaker.snapshot().state }, 'provider call failed');
      if (!verdict.retry || attempt >= retries) return { ok: false, reason: verdict.reason, detail: verdict.detail, retryInMs: breaker.retryInMs() };
      // Exponential back-off with "equal jitter": half the delay fixed, half random, so retries spread out.
      const delay = backoffMs * 2 ** attempt;
      await sleep(delay / 2 + random() * (delay / 2));
    }
  }

  function checkInput(uscc: string, authorisationRef: string): void {
    const invalid = usccError(uscc);
    if (invalid) throw invalid;
    if (!AUTHORISATION_REF.test(authorisationRef)) {
      throw badRequest('AUTHORISATION_REF_INVALID', { zh: '授权编号格式无效', en: 'The authorisation reference is not valid' });
    }
  }

  const headersOf = (authorisationRef: string, requestId: string) => ({ [AUTHORISATION_REF_HEADER]: authorisationRef, [REQUEST_ID_HEADER]: requestId });

  return {
    /**
     * Reads an item of one enterprise from its provider now (SPEC C3 interface call). Fresh answers are cached
     * encrypted; when the provider fails or its breaker is open the cached answer comes back with
     * `stale: true` and its original fetch time; with nothing cached, AppError 503 SOURCE_UNAVAILABLE.
     */
    async fetchItem(input: FetchItemInput): Promise<FetchItemResult> {
      const { uscc, item, authorisationRef, requestId } = input;
      checkInput(uscc, authorisationRef);
      const log = input.log ?? defaultLog;
      const category = item.provider.category;
      const endpoint = await options.endpoints(category);
      let failure: { reason: FailureReason; detail: string; retryInMs: number };
      if (endpoint === undefined) {
        metrics?.failures.inc({ provider: category, reason: 'not_configured' });
        failure = { reason: 'not_configured', detail: `no endpoint configured for provider category ${category}`, retryInMs: 0 };
      } else {
        const request: ProviderRequest = { method: 'GET', path: recordsPath(item.code, uscc), headers: headersOf(authorisationRef, requestId) };
        const outcome = await call<{ records: ProviderRecord[]; asOf: string | null }>(category, endpoint, request, (wire) => {
          if (wire.status === 404) {
            const code = (wire.json as { code?: unknown } | undefined)?.code;
            // Only the contract's NO_RECORDS means "nothing held"; any other 404 is a wrong URL or a broken provider.
            if (code === NO_RECORDS_CODE) return { ok: true, value: { records: [], asOf: null }, outcome: 'no_records' };
            return { ok: false, reason: 'rejected', detail: `provider answered 404 without code ${NO_RECORDS_CODE} (wrong base URL?)`, retry: false, providerDown: false };
          }
          if (wire.status !== 200) return httpVerdict(wire);
          if (wire.bodyError) return { ok: false, reason: 'invalid_answer', detail: wire.bodyError, retry: false, providerDown: true };
          const checked = checkRecordsAnswer(item, uscc, wire.json);
          if (!checked.ok) {
            log.error({ provider: category, item: item.code, uscc, requestId, problems: checked.problems }, 'provider answer does not match the catalog; rejected');
            return { ok: false, reason: 'invalid_answer', detail: checked.problems.join('; '), retry: false, providerDown: true };
          }
          return { ok: true, value: { records: checked.records, asOf: checked.asOf }, outcome: 'ok' };
        }, log);
        if (outcome.ok) {
          const fetchedAt = new Date(clock());
          const payload = JSON.stringify({ records: outcome.value.records, asOf: outcome.value.asOf });
          await cache.put({
            uscc, item_code: item.code, provider_category: category, fetched_at: fetchedAt, record_count: outcome.value.records.length,
            payload_enc: options.cipher.encrypt(payload, cacheAad(uscc, item.code)),
          });
          return { records: outcome.value.records, fetchedAt: fetchedAt.toISOString(), asOf: outcome.value.asOf, stale: false, source: 'provider', provider: category };
        }
        failure = outcome;
      }

      const cached = await cache.get(uscc, item.code);
      if (cached) {
        metrics?.cacheHits.inc({ provider: category });
        const payload = JSON.parse(options.cipher.decrypt(cached.payload_enc, cacheAad(uscc, item.code))) as { records: ProviderRecord[]; asOf: string | null };
        log.warn({ provider: category, item: item.code, requestId, reason: failure.reason, fetchedAt: cached.fetched_at.toISOString() }, 'answering from the interface cache (stale)');
        return { records: payload.records, fetchedAt: cached.fetched_at.toISOString(), asOf: payload.asOf, stale: true, source: 'cache', provider: category };
      }
      metrics?.unavailable.inc({ provider: category });
      log.warn({ provider: category, item: item.code, requestId, reason: failure.reason, detail: failure.detail }, 'source unavailable and nothing cached');
      throw sourceUnavailable(item, failure.reason, failure.retryInMs);
    },

    /**
     * Asks the provider to evaluate a claim (数据核验) without returning the value. Not cached: a claim's answer
     * depends on its value. Throws SOURCE_UNAVAILABLE when the provider cannot answer.
     */
    async verifyClaim(input: VerifyClaimInput): Promise<{ result: ClaimResult; asOf: string | null; provider: string }> {
      const { uscc, item, authorisationRef, requestId } = input;
      checkInput(uscc, authorisationRef);
      const log = input.log ?? defaultLog;
      const category = item.provider.category;
      const endpoint = await options.endpoints(category);
      if (endpoint === undefined) throw sourceUnavailable(item, 'not_configured', 0);
      const body = { item: item.code, uscc, field: input.field, op: input.op, value: input.value, match: input.match };
      const request: ProviderRequest = { method: 'POST', path: VERIFICATIONS_PATH, body, headers: headersOf(authorisationRef, requestId) };
      const outcome = await call<{ result: ClaimResult; asOf: string | null }>(category, endpoint, request, (wire) => {
        if (wire.status !== 200) return httpVerdict(wire);
        const answer = wire.json as { result?: unknown; asOf?: unknown } | undefined;
        if (answer?.result !== 'true' && answer?.result !== 'false' && answer?.result !== 'unknown') {
          return { ok: false, reason: 'invalid_answer', detail: 'result must be "true", "false" or "unknown"', retry: false, providerDown: true };
        }
        return { ok: true, value: { result: answer.result, asOf: typeof answer.asOf === 'string' ? answer.asOf : null }, outcome: 'ok' };
      }, log);
      if (!outcome.ok) {
        metrics?.unavailable.inc({ provider: category });
        throw sourceUnavailable(item, outcome.reason, outcome.retryInMs);
      }
      return { ...outcome.value, provider: category };
    },

    breakerStates(): Map<string, BreakerSnapshot> {
      return new Map([...breakers].map(([c, b]) => [c, b.snapshot()]));
    },
  };
}

export type InterfaceCaller = ReturnType<typeof createInterfaceCaller>;
