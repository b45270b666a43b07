/**
 * The whole platform for a journey in Chromium: the dev runner on shifted ports, with sign-in
 * and anonymous budgets raised so that a journey's own requests never meet the limiter.
 * @module
 */
import { startPlatform } from "@marquee/testing";

/** Budgets a journey cannot exhaust alone; the limiter stays on the path. */
const JOURNEY_LIMITS = { RATE_LIMIT_AUTH: "500/60s", RATE_LIMIT_ANONYMOUS: "5000/60s" };

/** Options of {@linkcode startJourneyPlatform}. */
export interface JourneyPlatformOptions {
  mode?: "embedded" | "servers";
  /** More environment, over the raised limits. */
  env?: Record<string, string>;
}

/** Starts the platform on ports shifted by `offset` for a journey test. */
export function startJourneyPlatform(offset: number, options: JourneyPlatformOptions = {}) {
  return startPlatform({
    runner: new URL("../../infra/dev.ts", import.meta.url),
    offset,
    ...(options.mode ? { mode: options.mode } : {}),
    env: { ...JOURNEY_LIMITS, ...options.env },
  });
}
