/**
 * A creator goes live from the browser, in headless Chromium with a fake camera and microphone
 * against the whole platform in servers mode and a real MediaMTX, at a desktop (1280x900) and
 * a phone (390x844) viewport, through the pages only: signs up, opens the studio from the
 * dashboard, schedules a stream and sees its key once, opens the control room, picks the
 * camera and goes live over WHIP through the edge; the page shows it live with an outgoing
 * bitrate, and the edge serves its LL-HLS playlist with parts to a playback token. When the
 * viewer page exists, other browser contexts watch it play and the count shows 1 then 2. The
 * creator rotates the key (the new one is shown once) and ends the stream.
 */
import assert from "node:assert/strict";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { assertAccessible, eventually, launchChromium } from "@marquee/testing";
import { journeyApi, screenshotter, scrollsSideways, VIEWPORTS, watch } from "./_platform.ts";
import { ROOT } from "../../infra/services.ts";
import { livePlaylist, startLivePlatform } from "../integration/fixtures/live.ts";

const servers = Boolean(Deno.env.get("MARQUEE_TEST_POSTGRES_URL"));
const OFFSET = 11200;
const BASE = `http://localhost:${8000 + OFFSET}`;
const PASSWORD = "going live from the studio";
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

const shot = screenshotter("studio");
const api = journeyApi(BASE);

/** Whether the media server serves the stream's LL-HLS, with parts, through the edge. */
async function playsOverHls(streamId: string): Promise<boolean> {
  const media = await livePlaylist(BASE, streamId);
  return media.status === 200 && media.text.includes("#EXT-X-PART:");
}

/** Opens the viewer page of the stream in a new context and waits for its video to advance. */
async function watchLive(
  browser: Browser,
  streamId: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: VIEWPORTS[0] });
  const page = await context.newPage();
  await page.goto(`${BASE}/live/${streamId}`);
  const video = page.locator("video").first();
  await video.waitFor({ timeout: 30_000 });
  const time = () => video.evaluate((v) => (v as unknown as { currentTime: number }).currentTime);
  await eventually(async () => await time() > 0.5, 30_000, "the viewer's video plays")
    .catch(async (error) => {
      await shot(page, "viewer_not_playing");
      throw error;
    });
  const at = await time();
  await eventually(async () => await time() > at + 0.5, 15_000, "the video advances");
  return { context, page };
}

Deno.test({
  name: "e2e: a creator goes live from the studio, rotates the key and ends the stream",
  ignore: !servers,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const platform = await startLivePlatform(OFFSET);
    let browser: Browser | undefined;
    const errors: string[] = [];
    const viewerPage = await Deno.stat(`${ROOT}routes/live/[id].tsx`).then(() => true, () => false);
    try {
      const chromium = await launchChromium({ media: true });
      browser = chromium;
      for (const viewport of VIEWPORTS) {
        const tag = `${viewport.name}-${crypto.randomUUID().slice(0, 6)}`;
        const context = await chromium.newContext({ viewport });
        await context.grantPermissions(["camera", "microphone", "clipboard-write"], {
          origin: BASE,
        });
        const page = await context.newPage();
        watch(page, `creator ${viewport.name}`, errors);
        page.on("dialog", (d) => void d.accept());

        // A new creator signs up and finds the studio in the dashboard's navigation.
        await page.goto(`${BASE}/signup`);
        await page.getByLabel("Email").fill(`studio-${tag}@example.com`);
        await page.getByLabel("Display name").fill("Stella Studio");
        await page.getByLabel("Password").fill(PASSWORD);
        await page.getByLabel(/sell products/).check();
        await page.getByRole("button", { name: /sign up|create account/i }).click();
        await page.waitForURL(/\/dashboard/);
        await page.goto(`${BASE}/dashboard`);
        await page.getByRole("navigation", { name: "Dashboard" })
          .getByRole("link", { name: "Studio" }).click();
        await page.waitForURL(`${BASE}/studio`);
        await page.getByText("No streams yet.").waitFor({ timeout: 15_000 });
        await assertAccessible(page);
        await shot(page, `${viewport.name}_empty`);

        // Bad input is named at the field; then the stream is scheduled and its key shown once.
        await page.getByRole("button", { name: "Schedule stream" }).click();
        await page.getByText("Enter a title viewers will see").waitFor();
        const title = `Modular patching ${tag}`;
        await page.getByLabel("Title").fill(title);
        await page.getByLabel("Description").fill("Patching a synth from scratch, live.");
        await page.getByRole("button", { name: "Schedule stream" }).click();
        await page.getByRole("heading", { name: `"${title}" is scheduled` }).waitFor();
        const shownKey = await page.locator("#created-key").inputValue();
        assert.match(shownKey, /\?key=sk_/);
        await page.getByRole("button", { name: "Show Stream key" }).click();
        await page.getByRole("listitem").filter({ hasText: title }).getByText("Scheduled")
          .waitFor();
        await assertAccessible(page);
        await shot(page, `${viewport.name}_created`);

        // The control room: the camera goes on, the fake camera is picked, and it goes live.
        await page.getByRole("link", { name: "Open the control room" }).click();
        await page.waitForURL(new RegExp(`/studio/${UUID.source}$`));
        const streamId = page.url().split("/").pop()!;
        const status = page.getByTestId("stream-status");
        await status.filter({ hasText: "Scheduled" }).waitFor({ timeout: 15_000 });
        await page.getByTestId("key-hidden").waitFor();
        await assertAccessible(page);
        await page.getByRole("button", { name: "Turn on camera and microphone" }).click();
        const camera = page.getByLabel("Camera", { exact: true });
        await camera.waitFor();
        const cameraId = await camera.locator("option").first().getAttribute("value");
        await camera.selectOption(cameraId!);
        await page.getByRole("button", { name: "Go live" }).click();
        await status.filter({ hasText: /^Live$/ }).waitFor({ timeout: 30_000 });
        await eventually(
          async () => /bit\/s/.test(await page.getByTestId("health-bitrate").innerText()),
          15_000,
          "the outgoing bitrate shows",
        );
        assert.match(await page.getByTestId("health-fps").innerText(), /\d+ fps/);
        assert.equal((await api(`/api/streams/${streamId}`)).body.status, "live");
        await page.getByRole("button", { name: "Mute microphone" }).click();
        await page.getByRole("button", { name: "Unmute microphone" }).waitFor();
        await assertAccessible(page);
        assert.ok(!await scrollsSideways(page), "the control room fits the screen");
        await shot(page, `${viewport.name}_live`);

        if (viewerPage && viewport.name === "desktop") {
          const viewers = page.getByTestId("health-viewers");
          const first = await watchLive(chromium, streamId);
          await viewers.filter({ hasText: /^1$/ }).waitFor({ timeout: 30_000 });
          await first.page.getByText("1 watching").waitFor({ timeout: 30_000 });
          await assertAccessible(first.page);
          await shot(first.page, "viewer_1");
          const second = await watchLive(chromium, streamId);
          await viewers.filter({ hasText: /^2$/ }).waitFor({ timeout: 30_000 });
          await first.page.getByText("2 watching").waitFor({ timeout: 30_000 });
          await shot(page, `${viewport.name}_two_viewers`);
          await first.context.close();
          await second.context.close();
        }
        // After the viewers are counted: the media server counts this probe as a reader too.
        await eventually(() => playsOverHls(streamId), 30_000, "LL-HLS through the edge");

        // Rotating the key shows the new one once and says the old one stopped working.
        await page.getByRole("button", { name: "Rotate key" }).click();
        await page.getByText("The old key stopped working").waitFor();
        const newKey = await page.locator("#ingest-key").inputValue();
        assert.match(newKey, /\?key=sk_/);
        assert.notEqual(newKey, shownKey);
        await assertAccessible(page);

        // Ending the stream stops sending and ends it for everyone.
        await page.getByRole("button", { name: "End stream" }).click();
        await status.filter({ hasText: "Ended" }).waitFor({ timeout: 15_000 });
        await page.getByText("The stream has ended").waitFor();
        assert.equal((await api(`/api/streams/${streamId}`)).body.status, "ended");
        await assertAccessible(page);
        await shot(page, `${viewport.name}_ended`);

        await page.goto(`${BASE}/studio`);
        await page.getByRole("listitem").filter({ hasText: title }).getByText("Ended").waitFor();
        await context.close();
      }
      assert.deepEqual(errors, []);
    } finally {
      await browser?.close();
      await platform.stop();
    }
  },
});
