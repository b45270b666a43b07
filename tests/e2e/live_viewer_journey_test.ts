/**
 * A viewer's journey to live streams in headless Chromium (fake devices, loopback ICE) against
 * the whole platform in servers mode with a real MediaMTX, at a desktop and a phone viewport:
 * - a creator (through the API) schedules a free stream and pushes ffmpeg's test source over
 *   RTMP with its key; `/live` lists it under "Live now", and its page plays it over WebRTC
 *   (WHEP through the edge): the video's time advances and its resolution is shown;
 * - in a browser without WebRTC the same page plays it over LL-HLS (hls.js) by itself;
 * - a ticketed stream asks a signed-out viewer to sign in, then to buy the ticket (with its
 *   price); the ticket goes through the cart and the existing checkout (stripe-mock) and the
 *   viewer lands back on the stream, which plays without a reload.
 */
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { answersOk, assertAccessible, eventually, launchChromium } from "@marquee/testing";
import {
  CHECKOUT_SERVICES,
  journeyApi,
  screenshotter,
  startJourneyPlatform,
  VIEWPORTS,
} from "./_platform.ts";
import {
  ensureMediaServer,
  push,
  register,
  rtmpUrl,
  scheduleStream,
  signUp,
  stopPushes,
} from "../integration/fixtures/live.ts";

const servers = Boolean(Deno.env.get("MARQUEE_TEST_POSTGRES_URL"));
const OFFSET = 11100;
const BASE = `http://localhost:${8000 + OFFSET}`;
const PASSWORD = "viewers of live streams";

const shot = screenshotter("live_viewer");
const api = journeyApi(BASE);

/** Waits until the page's player plays in `mode` and its video's time moves on. */
async function playsIn(page: Page, mode: "webrtc" | "hls") {
  await page.locator(`.live-player[data-playing="${mode}"]`).waitFor({ timeout: 45_000 });
  const time = async () =>
    Number(await page.evaluate("document.querySelector('video')?.currentTime ?? 0"));
  await eventually(async () => await time() > 1, 30_000, `video playing (${mode})`);
  const before = await time();
  await page.waitForTimeout(1_500);
  assert.ok(await time() > before + 0.5, `the video's time advances (${mode})`);
}

Deno.test({
  name: "e2e: live viewer journey (WHEP, LL-HLS without WebRTC, a ticket bought then played)",
  ignore: !servers,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    await ensureMediaServer();
    const platform = await startJourneyPlatform(OFFSET, { mode: "servers" });
    const pushes: Deno.ChildProcess[] = [];
    let browser: Browser | undefined;
    try {
      for (const [name, port] of [...CHECKOUT_SERVICES, ["streaming", 8107] as const]) {
        await eventually(
          () => answersOk(`http://127.0.0.1:${port + OFFSET}/health/ready`),
          120_000,
          `${name} ready`,
        );
      }
      const tag = crypto.randomUUID().slice(0, 6);
      const email = `live-creator-${tag}@example.com`;
      const creator = await signUp(BASE, {
        email,
        password: PASSWORD,
        displayName: "Lena Loop",
        role: "creator",
      });

      // A ticket for the paid stream: a live ticket with its event and seats.
      const ticket = await api("/api/products", {
        token: creator,
        body: {
          title: `Backstage ticket ${tag}`,
          type: "live_ticket",
          price: { amount: 500, currency: "USD" },
          capacity: 50,
          event: { localStart: "2030-05-01T18:00", timeZone: "Europe/Paris" },
          category: "music",
          tags: [],
          description: "A seat at the backstage stream.",
        },
      });
      assert.equal(ticket.status, 201, JSON.stringify(ticket.body));
      const published = await api(`/api/products/${ticket.body.id}/publish`, {
        token: creator,
        method: "POST",
      });
      assert.equal(published.status, 200, JSON.stringify(published.body));

      const free = await scheduleStream(BASE, { token: creator, title: `Modular patching ${tag}` });
      const paid = await scheduleStream(BASE, {
        token: creator,
        title: `Backstage ${tag}`,
        access: { kind: "ticket", productId: ticket.body.id },
      });
      const upcoming = await scheduleStream(BASE, {
        token: creator,
        title: `Next week's jam ${tag}`,
        scheduledStart: new Date(Date.now() + 3 * 3600_000).toISOString(),
      });
      for (const { stream, ingest } of [free, paid]) {
        pushes.push(push(rtmpUrl(OFFSET, { id: stream.id, key: ingest.key })));
      }
      for (const s of [free, paid]) {
        await eventually(
          async () => (await api(`/api/streams/${s.stream.id}`)).body.status === "live",
          30_000,
          "stream live",
        );
      }

      browser = await launchChromium({ media: true });
      for (const viewport of VIEWPORTS) {
        await t.step(viewport.name, async () => {
          const { name, width, height } = viewport;
          const context = await browser!.newContext({ viewport: { width, height } });
          const page = await context.newPage();
          const errors: string[] = [];
          page.on("pageerror", (e) => errors.push(e.message));
          try {
            // /live lists the stream under "Live now".
            await page.goto(`${BASE}/live`);
            const liveNow = page.getByRole("region", { name: "Live now" });
            await liveNow.getByRole("link", { name: `Modular patching ${tag}` }).waitFor();
            // Upcoming streams follow (the databases of a test run are shared: ours may come
            // after many others, so its own page is checked below).
            await page.getByRole("heading", { name: "Upcoming" }).waitFor();
            await assertAccessible(page);
            await shot(page, `${name}_live_list`);

            // An upcoming stream's page counts down to its start.
            await page.goto(`${BASE}/live/${upcoming.stream.id}`);
            await page.getByText("Starts in", { exact: true }).waitFor();
            await page.locator(".live-overlay .countdown").waitFor();
            await assertAccessible(page);
            await shot(page, `${name}_upcoming`);

            // The stream's page plays it over WebRTC, with its resolution.
            await page.goto(`${BASE}/live`);
            await liveNow.getByRole("link", { name: `Modular patching ${tag}` }).click();
            await page.waitForURL(`${BASE}/live/${free.stream.id}`);
            await playsIn(page, "webrtc");
            await page.getByText("640×360").waitFor();
            await page.getByRole("complementary", { name: "Chat" })
              .getByText("Chat opens with the stream").waitFor();
            await assertAccessible(page);
            await shot(page, `${name}_whep`);

            // Low latency on request: LL-HLS through the edge.
            await page.getByLabel("Low latency").check();
            await playsIn(page, "hls");
            await shot(page, `${name}_llhls_toggle`);

            // A browser without WebRTC falls back to LL-HLS by itself.
            const plain = await browser!.newContext({ viewport: { width, height } });
            await plain.addInitScript(() => {
              delete (globalThis as { RTCPeerConnection?: unknown }).RTCPeerConnection;
            });
            const fallback = await plain.newPage();
            await fallback.goto(`${BASE}/live/${free.stream.id}`);
            await playsIn(fallback, "hls");
            await fallback.getByText("This browser cannot play in real time").waitFor();
            await assertAccessible(fallback);
            await shot(fallback, `${name}_llhls_fallback`);
            await plain.close();

            // The ticketed stream: sign in, buy the ticket through checkout, then it plays.
            await page.goto(`${BASE}/live/${paid.stream.id}`);
            await page.getByRole("link", { name: "Sign in to watch" }).click();
            await page.waitForURL(/\/signin\?next=/);
            const buyer = `live-viewer-${name}-${tag}@example.com`;
            await register(BASE, { email: buyer, password: PASSWORD, displayName: `Vic ${name}` });
            await page.getByLabel("Email").fill(buyer);
            await page.getByLabel("Password").fill(PASSWORD);
            await page.getByRole("button", { name: "Sign in" }).click();
            await page.waitForURL(`${BASE}/live/${paid.stream.id}`);
            const buy = page.getByRole("button", { name: "Buy a ticket · $5.00" });
            await buy.waitFor();
            await assertAccessible(page);
            await shot(page, `${name}_buy_ticket`);
            await buy.click();
            await page.waitForURL(/\/checkout\?next=/);
            await page.getByText(`Backstage ticket ${tag} × 1`).waitFor();
            await page.getByLabel("Visa ending 4242").check();
            await assertAccessible(page);
            await page.getByRole("button", { name: "Pay $5.00" }).click();
            await page.waitForURL(/\/orders\/[0-9a-f-]{36}\?next=/);
            // Paid: back on the stream, which plays without the viewer reloading.
            await page.waitForURL(`${BASE}/live/${paid.stream.id}`, { timeout: 120_000 });
            await playsIn(page, "webrtc");
            await assertAccessible(page);
            await shot(page, `${name}_ticket_plays`);
            assert.deepEqual(errors, []);
          } finally {
            await context.close();
          }
        });
      }
    } finally {
      await browser?.close();
      await stopPushes(pushes);
      await platform.stop();
    }
  },
});
