import type client from 'prom-client';
import type { Db } from '../../../platform/db/index.ts';
import type { PlatformKeys } from '../../../platform/keys.ts';
import type { CatalogService } from '../../catalog/index.ts';
import { createInterfaceCaller, type CallLog, type InterfaceCallerOptions } from './caller.ts';
import { createEndpointRegistry } from './endpoint-registry.ts';
import { createInterfaceCallMetrics } from './metrics.ts';

export interface InterfaceCallDeps {
  db: Db;
  keys: Pick<PlatformKeys, 'cipher'>;
  catalog: CatalogService;
  clock?: () => number;
  log?: CallLog;
  /** Timeouts, retries, back-off and breaker thresholds; the defaults suit production (3 s, 2, 100 ms, 5/30 s). */
  tuning?: Pick<InterfaceCallerOptions, 'timeoutMs' | 'retries' | 'backoffMs' | 'breaker' | 'fetch' | 'random'>;
}

/**
 * Everything the interface-call capability needs, built from the platform: the endpoint registry (stored,
 * secrets encrypted), the caller reading endpoints from it, and the metrics. Its result is also the options
 * object of `interfaceCallRoutes`.
 */
export function createInterfaceCallService(deps: InterfaceCallDeps) {
  const metrics = createInterfaceCallMetrics();
  const endpoints = createEndpointRegistry({ db: deps.db, cipher: deps.keys.cipher, clock: deps.clock });
  const caller = createInterfaceCaller({
    ...deps.tuning,
    db: deps.db,
    cipher: deps.keys.cipher,
    clock: deps.clock,
    endpoints: (category) => endpoints.resolve(category),
    metrics,
    log: deps.log,
  });
  metrics.watchBreakers(() => caller.breakerStates());
  return {
    caller,
    catalog: deps.catalog,
    endpoints,
    metrics,
    /** Adds the interface-call metrics to the registry that serves /metrics (the one installMetrics returns). */
    registerMetrics(registry: client.Registry): void {
      metrics.register(registry);
    },
  };
}

export type InterfaceCallService = ReturnType<typeof createInterfaceCallService>;
