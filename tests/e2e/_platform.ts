/**
 * The whole platform for a journey in Chromium: the dev runner on shifted ports, with sign-in
 * and anonymous budgets raised so that a journey's own requests never meet the limiter.
 * @module
 */
import type { Page } from "playwright-core";
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

/** The two screens every journey runs at. */
export const VIEWPORTS = [
  { name: "desktop", width: 1280, height: 900 },
  { name: "mobile", width: 390, height: 844 },
] as const;

/** The services a checkout needs, with their unshifted ports, for journeys that wait on them. */
export const CHECKOUT_SERVICES = [
  ["orders", 8103],
  ["payments", 8104],
  ["subscriptions", 8105],
] as const;

const SHOTS = new URL("./screenshots/", import.meta.url).pathname;

/** Full-page screenshots into `tests/e2e/screenshots/`, named `<prefix>_<name>.png`. */
export function screenshotter(prefix: string): (page: Page, name: string) => Promise<void> {
  return async (page, name) => {
    await Deno.mkdir(SHOTS, { recursive: true });
    await page.screenshot({ path: `${SHOTS}${prefix}_${name}.png`, fullPage: true });
  };
}

/** What a journey's API call answered: its status and parsed JSON body (null when empty). */
export interface ApiAnswer {
  status: number;
  // deno-lint-ignore no-explicit-any
  body: any;
}

/** JSON calls to the platform at `base`, for a journey's setup and checks. */
export function journeyApi(base: string) {
  return async (
    path: string,
    init: { method?: string; token?: string; body?: unknown } = {},
  ): Promise<ApiAnswer> => {
    const res = await fetch(`${base}${path}`, {
      method: init.method ?? (init.body === undefined ? "GET" : "POST"),
      headers: {
        "content-type": "application/json",
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
}

/** Records page errors of `page` in `errors` and logs its console errors and failed requests under `who`. */
export function watch(page: Page, who: string, errors: string[]): void {
  page.on("pageerror", (e) => errors.push(`[${who}] ${e.message}`));
  page.on("console", (m) => m.type() === "error" && console.log(`[${who}] ${m.text()}`));
  page.on("response", (r) => r.status() >= 400 && console.log(`[${who}] ${r.status()} ${r.url()}`));
}

/** Whether the page scrolls sideways at its current width. */
export function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const root = (globalThis as unknown as {
      document: { documentElement: { scrollWidth: number; clientWidth: number } };
    }).document.documentElement;
    return root.scrollWidth > root.clientWidth;
  });
}
