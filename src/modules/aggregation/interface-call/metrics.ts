import client from 'prom-client';
import type { BreakerSnapshot } from './breaker.ts';

/**
 * Prometheus metrics of interface calls, per provider category. Created unregistered so several apps (tests)
 * can coexist; `register` adds them to the registry that serves /metrics.
 */
export function createInterfaceCallMetrics() {
  const calls = new client.Counter({
    name: 'xinrong_interface_calls_total',
    help: 'HTTP calls to providers by provider category and outcome (ok, no_records, timeout, network, server_error, invalid_answer, rejected)',
    labelNames: ['provider', 'outcome'] as const,
    registers: [],
  });
  const failures = new client.Counter({
    name: 'xinrong_interface_failures_total',
    help: 'Interface reads that got no fresh answer, by provider category and reason (incl. breaker_open and not_configured)',
    labelNames: ['provider', 'reason'] as const,
    registers: [],
  });
  const cacheHits = new client.Counter({
    name: 'xinrong_interface_cache_hits_total',
    help: 'Interface reads answered from the cache (stale) because the provider failed',
    labelNames: ['provider'] as const,
    registers: [],
  });
  const unavailable = new client.Counter({
    name: 'xinrong_interface_source_unavailable_total',
    help: 'Interface reads answered SOURCE_UNAVAILABLE (provider failed and nothing cached)',
    labelNames: ['provider'] as const,
    registers: [],
  });
  const duration = new client.Histogram({
    name: 'xinrong_interface_call_duration_seconds',
    help: 'Duration of single HTTP calls to providers',
    labelNames: ['provider'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [],
  });
  let breakers: () => Map<string, BreakerSnapshot> = () => new Map();
  const breakerOpen = new client.Gauge({
    name: 'xinrong_interface_breaker_open',
    help: 'Circuit breaker per provider category: 0 closed, 1 open, 0.5 half-open',
    labelNames: ['provider'] as const,
    registers: [],
    collect() {
      this.reset();
      for (const [provider, s] of breakers()) this.set({ provider }, s.state === 'open' ? 1 : s.state === 'half_open' ? 0.5 : 0);
    },
  });
  const all = [calls, failures, cacheHits, unavailable, duration, breakerOpen];
  return {
    calls,
    failures,
    cacheHits,
    unavailable,
    duration,
    /** Where the breaker gauge reads its states from (the caller). */
    watchBreakers(source: () => Map<string, BreakerSnapshot>): void {
      breakers = source;
    },
    register(registry: client.Registry): void {
      for (const m of all) registry.registerMetric(m);
    },
  };
}

export type InterfaceCallMetrics = ReturnType<typeof createInterfaceCallMetrics>;
