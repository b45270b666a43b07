/**
 * What the live benchmark serves: its player page (`player.ts` bundled with `deno bundle`,
 * handed to Chromium on the edge's own origin so WHEP and HLS through the edge are same-origin
 * requests, as on the stream page), and a static file server for ffmpeg's classic HLS folder.
 * @module
 */
import type { BrowserContext, Page } from "playwright-core";
import type { PlayerKind, PlayerState } from "./player.ts";

const PLAYER = new URL("./player.ts", import.meta.url).pathname;
const PAGE_PATH = "/__bench/live/";

/** `player.ts` bundled for browsers, hls.js and whip-whep included. */
export async function bundlePlayer(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "marquee-bench-live-" });
  try {
    const out = `${dir}/player.js`;
    const built = await new Deno.Command(Deno.execPath(), {
      args: ["bundle", "--platform", "browser", "--minify", "--output", out, PLAYER],
      stdout: "null",
      stderr: "piped",
    }).output();
    if (!built.success) {
      throw new Error(`Bundling the player failed: ${new TextDecoder().decode(built.stderr)}`);
    }
    return await Deno.readTextFile(out);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Serves the player page under `origin` to every page of `context`. */
export async function servePlayer(
  context: BrowserContext,
  origin: string,
  script: string,
): Promise<void> {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Live bench</title>
<style>body{margin:0;background:#000}</style></head>
<body><script type="module" src="player.js"></script></body></html>`;
  await context.route(`${origin}${PAGE_PATH}**`, (route) => {
    const js = route.request().url().endsWith(".js");
    return route.fulfill({
      status: 200,
      contentType: js ? "text/javascript" : "text/html",
      body: js ? script : html,
    });
  });
}

/** Opens the player page in `page`. */
export async function openPlayer(page: Page, origin: string) {
  await page.goto(`${origin}${PAGE_PATH}index.html`);
  await page.waitForFunction(() => typeof globalThis.benchPlay === "function");
}

/** Starts playing `url` the `kind` way in a new video of the player page, as `name`. */
export async function play(page: Page, name: string, kind: PlayerKind, url: string) {
  // Not awaited in the page: a player that never connects shows up as missing frames.
  await page.evaluate(([n, k, u]) => {
    void globalThis.benchPlay(n!, k as PlayerKind, u!);
  }, [name, kind, url]);
}

/** Publishes a stamped canvas from the player page over WHIP to `url`. */
export async function publish(page: Page, url: string) {
  await page.evaluate((u) => globalThis.benchPublish(u), url);
}

/** What each player of the page has measured so far, by name. */
export function playerStates(page: Page): Promise<Record<string, PlayerState>> {
  return page.evaluate(() => globalThis.benchState);
}

/** A static file server for `dir` on `port` (CORS open: the player page is on another origin). */
export function serveFolder(dir: string, port: number): Deno.HttpServer {
  return Deno.serve({ port, hostname: "127.0.0.1", onListen: () => {} }, async (req) => {
    const name = new URL(req.url).pathname.replace(/^\/+/, "");
    const headers = new Headers({
      "access-control-allow-origin": "*",
      "cache-control": "no-cache",
    });
    if (!/^[\w.-]+$/.test(name)) return new Response("Not found", { status: 404, headers });
    try {
      const body = await Deno.readFile(`${dir}/${name}`);
      headers.set(
        "content-type",
        name.endsWith(".m3u8") ? "application/vnd.apple.mpegurl" : "video/mp2t",
      );
      return new Response(body, { headers });
    } catch {
      return new Response("Not found", { status: 404, headers });
    }
  });
}
