/**
 * A circuit breaker over opossum that can count a resolved value (such as a 503 response)
 * as a failure while still handing that value back to the caller.
 * @module
 */
import CircuitBreaker from "opossum";
import { CircuitOpenError } from "./errors.ts";

/** Where a breaker stands. */
export type BreakerState = "closed" | "half-open" | "open";

/** The opossum settings the project tunes. */
export interface BreakerSettings {
  /** Failure percentage over the rolling window that opens the breaker; 50 by default. */
  errorThresholdPercentage?: number;
  /** Calls in the window before the breaker may open at all; 5 by default. */
  volumeThreshold?: number;
  /** Milliseconds an open breaker waits before letting one probe through; 5000 by default. */
  resetTimeout?: number;
  /** Length of the rolling statistics window in milliseconds; 10000 by default. */
  rollingCountTimeout?: number;
}

/** Options of `createBreaker`. */
export interface BreakerOptions<T> extends BreakerSettings {
  /** Name used in error messages, usually the upstream's. */
  name: string;
  /** Whether a resolved value counts as a failure; none do by default. */
  isFailure?: (value: T) => boolean;
  /** Errors that say nothing about the upstream's health, such as the caller giving up. */
  isIgnored?: (error: unknown) => boolean;
  /** Called on every state change. */
  onStateChange?: (state: BreakerState) => void;
}

/** A circuit breaker guarding calls that resolve to `T`. */
export interface Breaker<T> {
  /** Runs `fn` unless the breaker is open, in which case it throws `CircuitOpenError`. */
  fire(fn: () => Promise<T>): Promise<T>;
  /** The current state. */
  state(): BreakerState;
  /** Stops the breaker's timers; later calls are refused. */
  shutdown(): void;
}

interface Opossum {
  fire(fn: () => Promise<unknown>): Promise<unknown>;
  on(event: "open" | "halfOpen" | "close", listener: () => void): void;
  shutdown(): void;
  readonly opened: boolean;
  readonly halfOpen: boolean;
  readonly isShutdown: boolean;
}

// opossum ships no type declarations; this is the part of its API used here.
const OpossumBreaker = CircuitBreaker as new (
  action: (fn: () => Promise<unknown>) => Promise<unknown>,
  options: Record<string, unknown>,
) => Opossum;

/** Carries a resolved-but-failed value through opossum's rejection path. */
class FailedValue {
  constructor(readonly value: unknown) {}
}

/** Creates a circuit breaker. */
export function createBreaker<T>(options: BreakerOptions<T>): Breaker<T> {
  const { name, isFailure = () => false, isIgnored = () => false, onStateChange } = options;
  const cb = new OpossumBreaker(async (fn) => {
    const value = await fn();
    if (isFailure(value as T)) throw new FailedValue(value);
    return value;
  }, {
    name,
    // Each attempt carries its own AbortSignal timeout; opossum's timer would only race it.
    timeout: false,
    errorThresholdPercentage: options.errorThresholdPercentage ?? 50,
    volumeThreshold: options.volumeThreshold ?? 5,
    resetTimeout: options.resetTimeout ?? 5000,
    rollingCountTimeout: options.rollingCountTimeout ?? 10000,
    errorFilter: (error: unknown) => !(error instanceof FailedValue) && isIgnored(error),
    // Both default on. Snapshots re-total the whole window once per bucket, and with
    // percentiles every total concatenates and sorts every latency of the window (40 000
    // numbers at 4000 calls/s): a pause each second, for figures nothing here reads.
    rollingPercentilesEnabled: false,
    enableSnapshots: false,
  });
  const state = (): BreakerState => cb.opened ? "open" : cb.halfOpen ? "half-open" : "closed";
  cb.on("open", () => onStateChange?.("open"));
  cb.on("halfOpen", () => onStateChange?.("half-open"));
  cb.on("close", () => onStateChange?.("closed"));

  return {
    async fire(fn) {
      if (cb.isShutdown) throw new Error(`Breaker "${name}" is shut down`);
      try {
        return await cb.fire(fn) as T;
      } catch (error) {
        if (error instanceof FailedValue) return error.value as T;
        if ((error as { code?: unknown })?.code === "EOPENBREAKER") {
          throw new CircuitOpenError(name);
        }
        throw error;
      }
    },
    state,
    shutdown: () => cb.shutdown(),
  };
}
