/**
 * Demo content: the dev runner on an empty embedded store seeds it in the background through
 * the public APIs (a product of every type, published, with a cover that downloads; a stream
 * scheduled for tomorrow with a ticket; buyers' reviews; a demo stream kept live by ffmpeg
 * whose LL-HLS playlist answers); `deno task seed` on the seeded store adds nothing; a second `deno task
 * dev` on the same data pushes the demo stream again with a rotated key.
 */
import assert from "node:assert/strict";
import { eventually } from "@marquee/testing";
import { startJourneyPlatform } from "../e2e/_platform.ts";
import { PRODUCT_TYPES } from "@marquee/contracts";
import {
  DEMO_BUYERS,
  DEMO_CREATORS,
  DEMO_LIVE_TITLE,
  DEMO_PASSWORD,
  DEMO_SCHEDULED_TITLE,
  LIVE_CREATOR,
} from "../../infra/seed/mod.ts";
import { ROOT } from "../../infra/services.ts";
import { ensureMediaServer, livePlaylist } from "./fixtures/live.ts";

const OFFSET = 11600;
const opts = { sanitizeOps: false, sanitizeResources: false };

interface Product {
  id: string;
  type: string;
  title: string;
  status: string;
  coverUrl: string | null;
  creatorName: string | null;
  rating: { count: number };
}
interface Stream {
  id: string;
  title: string;
  status: string;
  access: { kind: string; productId?: string };
}

const getJson = async <T>(url: string, token?: string): Promise<T> => {
  const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  assert.equal(res.status, 200, `${url}: ${res.status}`);
  return await res.json() as T;
};

/** Everything the demo made, as anyone sees it. */
async function demoListing(base: string) {
  const { items } = await getJson<{ items: Product[] }>(`${base}/api/products?limit=50`);
  const products = items.filter((p) => p.creatorName?.endsWith("(demo)"));
  const login = await fetch(`${base}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: LIVE_CREATOR.email, password: DEMO_PASSWORD }),
  });
  assert.equal(login.status, 200);
  const { accessToken } = await login.json();
  const streams = (await getJson<{ items: Stream[] }>(`${base}/api/streams/mine`, accessToken))
    .items;
  return { products, streams };
}

/** Resolves once the demo stream is live with parts in its LL-HLS playlist; its id. */
async function demoLive(base: string, timeoutMs: number): Promise<string> {
  let id = "";
  let playlist = "";
  await eventually(
    async () => {
      const { items } = await getJson<{ items: Stream[] }>(`${base}/api/streams?status=live`);
      id = items.find((s) => s.title === DEMO_LIVE_TITLE)?.id ?? "";
      if (!id) return false;
      const media = await livePlaylist(base, id);
      playlist = `${media.status} ${media.text}`;
      return media.text.includes("#EXT-X-PART:");
    },
    timeoutMs,
    "demo stream live with LL-HLS parts",
  ).catch((error) => {
    throw new Error(`${error.message}: ${id} ${playlist.slice(0, 300)}`);
  });
  return id;
}

Deno.test(
  "deno task dev seeds an empty store; the seed runs again without duplicates",
  opts,
  async (t) => {
    await ensureMediaServer();
    const data = await Deno.makeTempDir({ prefix: "marquee-seed-" });
    // An empty embedded store, with the seed on (the platform helper turns it off for tests).
    const start = () =>
      startJourneyPlatform(OFFSET, {
        mode: "embedded",
        env: { MARQUEE_DATA: data, MARQUEE_SEED: "on" },
      });
    let platform = await start();
    try {
      const { base } = platform;
      const ready = performance.now();
      let liveId = "";

      await t.step("the demo stream goes live and its LL-HLS playlist answers", async () => {
        liveId = await demoLive(base, 240_000);
        console.log(
          `  seeded and live ${((performance.now() - ready) / 1000).toFixed(1)} s after the ` +
            "platform was ready",
        );
      });

      const first = await demoListing(base);

      await t.step("a product of every type, published, with a cover that downloads", async () => {
        assert.deepEqual(first.products.map((p) => p.type).sort(), [...PRODUCT_TYPES].sort());
        const creators = new Set(first.products.map((p) => p.creatorName));
        assert.equal(creators.size, DEMO_CREATORS.length);
        for (const p of first.products) {
          assert.equal(p.status, "published", p.title);
          assert.ok(p.coverUrl, `${p.title} has a cover`);
          const cover = await fetch(new URL(p.coverUrl, base));
          assert.equal(cover.status, 200, p.title);
          const bytes = new Uint8Array(await cover.arrayBuffer());
          assert.deepEqual([...bytes.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], "a PNG");
        }
      });

      await t.step("buyers reviewed what they bought", async () => {
        // Reviews follow checkouts, after the push has started.
        const counted = async () => {
          const { products } = await demoListing(base);
          return products.every((p) =>
            p.rating.count === DEMO_BUYERS.filter((b) => b.reviews[p.title]).length
          );
        };
        await eventually(counted, 120_000, "demo reviews counted");
      });

      await t.step("the ticketed stream is listed as upcoming", async () => {
        const { items } = await getJson<{ items: Stream[] }>(`${base}/api/streams?status=upcoming`);
        const scheduled = items.find((s) => s.title === DEMO_SCHEDULED_TITLE);
        assert.ok(scheduled, "scheduled stream listed");
        const ticket = first.products.find((p) => p.type === "live_ticket")!;
        assert.deepEqual(scheduled.access, { kind: "ticket", productId: ticket.id });
      });

      await t.step("deno task seed on the seeded store adds nothing", async () => {
        const started = performance.now();
        const run = await new Deno.Command(Deno.execPath(), {
          args: ["run", "-A", `${ROOT}infra/seed.ts`],
          env: { PUBLIC_URL: base },
          stdout: "piped",
          stderr: "piped",
        }).output();
        const out = new TextDecoder().decode(run.stdout);
        assert.ok(run.success, new TextDecoder().decode(run.stderr));
        console.log(`  second seed: ${((performance.now() - started) / 1000).toFixed(1)} s`);
        assert.match(out, /Demo content already there/);
        assert.match(out, /live already/, "the dev runner's push is left alone");
        const again = await demoListing(base);
        assert.deepEqual(
          again.products.map((p) => p.id).sort(),
          first.products.map((p) => p.id).sort(),
        );
        assert.deepEqual(
          again.streams.map((s) => s.id).sort(),
          first.streams.map((s) => s.id).sort(),
        );
      });

      await t.step("a second deno task dev pushes the demo stream again", async () => {
        await platform.stop();
        platform = await start();
        const id = await demoLive(platform.base, 240_000);
        const after = await demoListing(platform.base);
        assert.equal(after.products.length, first.products.length);
        // The same stream resumes, or a new one replaces it if it had ended meanwhile.
        assert.ok(after.streams.length <= first.streams.length + 1);
        assert.ok(id === liveId || after.streams.some((s) => s.id === liveId));
      });
    } finally {
      await platform.stop();
      await Deno.remove(data, { recursive: true }).catch(() => {});
    }
  },
);
