/**
 * Lighthouse (performance and accessibility) on the home and product pages, served by the
 * whole platform in servers mode, audited in Debian's headless Chromium.
 * Lighthouse 12 (Node ≥ 18) is installed into the project's tool cache on first use.
 * Usage: `deno task bench:lighthouse`.
 * @module
 */
import { seedPublishedProduct, startPlatform } from "@marquee/testing";

const LIGHTHOUSE_VERSION = "12.8.2";
const cache = `${Deno.env.get("MARQUEE_CACHE") ?? `${Deno.env.get("HOME")}/.cache/marquee`}/tools`;
const bin = `${cache}/node_modules/.bin/lighthouse`;

async function ensureLighthouse() {
  const installed = await Deno.readTextFile(`${cache}/node_modules/lighthouse/package.json`)
    .then((t) => JSON.parse(t).version).catch(() => null);
  if (installed === LIGHTHOUSE_VERSION) return;
  await Deno.mkdir(cache, { recursive: true });
  const ok = await new Deno.Command("npm", {
    args: [
      "install",
      "--no-fund",
      "--no-audit",
      "--prefix",
      cache,
      `lighthouse@${LIGHTHOUSE_VERSION}`,
    ],
    stdout: "null",
  }).spawn().status;
  if (!ok.success) throw new Error("Could not install lighthouse");
}

async function audit(url: string, preset: "mobile" | "desktop") {
  const out = await Deno.makeTempFile({ suffix: ".json" });
  const args = [
    url,
    "--quiet",
    "--only-categories=performance,accessibility",
    "--output=json",
    `--output-path=${out}`,
    "--chrome-flags=--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync",
  ];
  if (preset === "desktop") args.push("--preset=desktop");
  const run = await new Deno.Command(bin, {
    args,
    env: { CHROME_PATH: "/usr/bin/chromium" },
    stdout: "null",
    stderr: "piped",
  }).output();
  if (!run.success) throw new Error(new TextDecoder().decode(run.stderr).slice(-2000));
  const report = JSON.parse(await Deno.readTextFile(out));
  await Deno.remove(out);
  const score = (k: string) => Math.round(report.categories[k].score * 100);
  const metric = (k: string) => report.audits[k]?.displayValue ?? "n/a";
  return {
    performance: score("performance"),
    accessibility: score("accessibility"),
    lcp: metric("largest-contentful-paint"),
    tbt: metric("total-blocking-time"),
    cls: metric("cumulative-layout-shift"),
  };
}

await ensureLighthouse();
const platform = await startPlatform({
  runner: new URL("../../infra/dev.ts", import.meta.url),
  offset: 5000,
  env: { RATE_LIMIT_ANONYMOUS: "100000/60s" },
});
try {
  const { slug } = await seedPublishedProduct(platform.base);
  const pages = { home: `${platform.base}/`, product: `${platform.base}/products/${slug}` };
  // Warm the edge cache, as a visitor after the first would find it.
  for (const url of Object.values(pages)) await (await fetch(url)).body?.cancel();
  console.log(`# Lighthouse ${LIGHTHOUSE_VERSION} (${new Date().toISOString()})`);
  for (const [name, url] of Object.entries(pages)) {
    for (const preset of ["mobile", "desktop"] as const) {
      const r = await audit(url, preset);
      console.log(
        `${name} (${preset}): performance ${r.performance}, accessibility ${r.accessibility}` +
          ` — LCP ${r.lcp}, TBT ${r.tbt}, CLS ${r.cls}`,
      );
    }
  }
} finally {
  await platform.stop();
}
