/**
 * Headless Chromium from Debian, driven by playwright-core, with the flags this machine
 * needs (no sandbox as root, no background connections to hosts it cannot reach).
 * @module
 */
import { type Browser, chromium } from "playwright-core";

/** Options of {@linkcode launchChromium}. */
export interface ChromiumOptions {
  /**
   * Live video: a fake camera and microphone granted without a prompt, and WebRTC allowed to
   * use loopback addresses (the media server listens on 127.0.0.1 here).
   */
  media?: boolean;
}

/** Flags for pages that capture or play WebRTC on this machine. */
const MEDIA_FLAGS = [
  "--use-fake-device-for-media-stream",
  "--use-fake-ui-for-media-stream",
  "--allow-loopback-in-peer-connection",
  "--autoplay-policy=no-user-gesture-required",
];

/** Launches the machine's Chromium headless. */
export function launchChromium(options: ChromiumOptions = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: Deno.env.get("CHROME_PATH") ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      ...(options.media ? MEDIA_FLAGS : []),
    ],
  });
}
