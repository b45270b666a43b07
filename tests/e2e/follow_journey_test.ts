/**
 * Following a creator, in headless Chromium against the whole platform in servers mode, at a
 * desktop (1280x900) and a phone (390x844) viewport, through the pages: a visitor who clicks
 * "Follow" on a creator's page is asked to sign in, signs in, comes back, follows; the count
 * goes up at once and a reload keeps "Following"; on the account page they turn live alerts
 * by email off.
 */
import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import { assertAccessible, launchChromium, seedPublishedProduct } from "@marquee/testing";
import { journeyApi, screenshotter, startJourneyPlatform, VIEWPORTS } from "./_platform.ts";
import { register } from "../integration/fixtures/live.ts";

const servers = Boolean(Deno.env.get("MARQUEE_TEST_POSTGRES_URL"));
const OFFSET = 11500;
const BASE = `http://localhost:${8000 + OFFSET}`;
const PASSWORD = "following creators 2026";

const shot = screenshotter("follow");
const api = journeyApi(BASE);

Deno.test({
  name: "e2e: follow journey (sign in to follow, the count, a reload keeps it)",
  ignore: !servers,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const platform = await startJourneyPlatform(OFFSET, { mode: "servers" });
    let browser: Browser | undefined;
    try {
      const tag = crypto.randomUUID().slice(0, 6);
      const creator = await seedPublishedProduct(BASE, { title: `Modular basics ${tag}` });
      const creatorId = (await api("/api/me", { token: creator.token })).body.id as string;
      browser = await launchChromium();

      for (const [i, viewport] of VIEWPORTS.entries()) {
        await t.step(viewport.name, async () => {
          const { name, width, height } = viewport;
          const email = `follow-${name}-${tag}@example.com`;
          await register(BASE, { email, password: PASSWORD, displayName: `Fan ${name}` });
          const context = await browser!.newContext({ viewport: { width, height } });
          const page = await context.newPage();
          const errors: string[] = [];
          page.on("pageerror", (e) => errors.push(e.message));
          try {
            // A visitor is asked to sign in first.
            await page.goto(`${BASE}/creators/${creatorId}`);
            await page.getByRole("heading", { name: "Seed Creator", level: 1 }).waitFor();
            await page.getByText(i === 0 ? "0 followers" : "1 follower", { exact: true })
              .waitFor();
            await page.getByRole("button", { name: "Follow", exact: true }).click();
            await page.getByText(/Sign in to follow Seed Creator/).waitFor();
            await assertAccessible(page);
            await shot(page, `${name}_visitor`);
            await page.locator(".follow-note").getByRole("link", { name: "Sign in" }).click();
            await page.waitForURL(/\/signin\?/);
            await page.getByLabel("Email").fill(email);
            await page.getByLabel("Password").fill(PASSWORD);
            await page.waitForSelector("form.form button[type=submit]:not([disabled])");
            await page.locator("form.form button[type=submit]").click();

            // Back on the creator's page, signed in: follow, and the count goes up at once.
            await page.waitForURL(`${BASE}/creators/${creatorId}`);
            const follow = page.getByRole("button", { name: "Follow", exact: true });
            await follow.waitFor();
            await page.waitForSelector(".follow button:not([disabled])");
            await follow.click();
            await page.getByRole("button", { name: "Following", exact: true }).waitFor();
            const count = i === 0 ? "1 follower" : "2 followers";
            await page.getByText(count, { exact: true }).waitFor();
            await assertAccessible(page);
            await shot(page, `${name}_following`);

            // A reload keeps it: the server holds the follow.
            await page.reload();
            await page.getByRole("button", { name: "Following", exact: true }).waitFor();
            await page.getByText(count, { exact: true }).waitFor();
            const answer = await api(`/api/creators/${creatorId}/followers`);
            assert.equal(answer.body.followers, i + 1);
            await assertAccessible(page);
            await shot(page, `${name}_reloaded`);

            // Live alerts can be turned off, per channel, on the account page.
            await page.goto(`${BASE}/account`);
            const liveByEmail = page.getByRole("group", { name: "By email" })
              .getByLabel(/^Live alerts/);
            await liveByEmail.waitFor();
            assert.equal(await liveByEmail.isChecked(), true);
            await liveByEmail.uncheck();
            await page.getByText("Your notification settings are saved.").waitFor();
            const login = await api("/api/auth/login", { body: { email, password: PASSWORD } });
            const prefs = (await api("/api/notifications/preferences", {
              token: login.body.accessToken,
            })).body;
            assert.equal(prefs.email.liveAlerts, false);
            assert.equal(prefs.inApp.liveAlerts, true);
            await assertAccessible(page);
            await shot(page, `${name}_account_notifications`);
            assert.deepEqual(errors, []);
          } catch (error) {
            await shot(page, `${name}_failed`).catch(() => {});
            throw error;
          } finally {
            await context.close();
          }
        });
      }
    } finally {
      await browser?.close();
      await platform.stop();
    }
  },
});
