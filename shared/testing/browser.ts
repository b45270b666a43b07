/**
 * Headless Chromium from Debian, driven by playwright-core, with the flags this machine
 * needs (no sandbox as root, no background connections to hosts it cannot reach).
 * @module
 */
import { type Browser, chromium } from "playwright-core";

/** Launches the machine's Chromium headless. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: Deno.env.get("CHROME_PATH") ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
