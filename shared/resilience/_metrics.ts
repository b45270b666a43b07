/**
 * The upstream client's metric series, all labelled by `upstream`.
 * @module
 */
import { methodLabel, type Registry } from "@marquee/metrics";
import type { BreakerState } from "./breaker.ts";

/** How one attempt (or a refused call) ended. */
export type Outcome = "success" | "failure" | "timeout" | "rejected" | "open";

const CIRCUIT_VALUE: Record<BreakerState, number> = { closed: 0, "half-open": 1, open: 2 };

/** Recorders bound to one upstream. */
export interface UpstreamMetrics {
  request(method: string, outcome: Outcome): void;
  duration(method: string, seconds: number): void;
  retry(): void;
  circuit(state: BreakerState): void;
  /** Reads the bulkhead's counts at scrape time. */
  bulkhead(stats: () => { active: number; queued: number }): void;
  bulkheadRejected(): void;
}

/** Registers (or reuses) the upstream series in `registry` and binds them to `upstream`. */
export function upstreamMetrics(registry: Registry, upstream: string): UpstreamMetrics {
  const requests = registry.counter(
    "upstream_requests_total",
    "Attempts sent to an upstream (and calls refused before sending), by outcome",
  );
  const durations = registry.histogram(
    "upstream_request_duration_seconds",
    "Time to response headers of each attempt sent to an upstream",
  );
  const retries = registry.counter("upstream_retries_total", "Retries sent to an upstream");
  const circuit = registry.gauge(
    "upstream_circuit_state",
    "Circuit breaker state per upstream: 0 closed, 1 half-open, 2 open",
  );
  const active = registry.gauge("upstream_bulkhead_active", "Calls to an upstream in progress");
  const queued = registry.gauge("upstream_bulkhead_queued", "Calls to an upstream waiting a slot");
  const rejected = registry.counter(
    "upstream_bulkhead_rejected_total",
    "Calls to an upstream refused because the bulkhead queue was full",
  );
  // Bound once per method and outcome: these are recorded on every call.
  const counts = new Map<string, { inc(): void }>();
  const times = new Map<string, { observe(seconds: number): void }>();
  return {
    request: (name, outcome) => {
      const method = methodLabel(name);
      const key = `${method} ${outcome}`;
      let series = counts.get(key);
      if (!series) counts.set(key, series = requests.bind({ upstream, method, outcome }));
      series.inc();
    },
    duration: (name, seconds) => {
      const method = methodLabel(name);
      let series = times.get(method);
      if (!series) times.set(method, series = durations.bind({ upstream, method }));
      series.observe(seconds);
    },
    retry: () => retries.inc({ upstream }),
    circuit: (state) => circuit.set({ upstream }, CIRCUIT_VALUE[state]),
    bulkhead: (stats) => {
      active.track({ upstream }, () => stats().active);
      queued.track({ upstream }, () => stats().queued);
    },
    bulkheadRejected: () => rejected.inc({ upstream }),
  };
}
