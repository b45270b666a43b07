import assert from "node:assert/strict";
import { Registry, renderFamilies } from "@marquee/metrics";
import { shareIsolateMetrics } from "./isolate_metrics.ts";

function isolate(name: string, isolates: number, channel: string, requests: number) {
  const registry = new Registry();
  registry.counter("http_requests_total", "Requests").inc({ route: "/a" }, requests);
  return shareIsolateMetrics({ registry, isolate: name, isolates, channel, waitMs: 300 });
}

Deno.test("a scrape on any isolate answers for every isolate, each labelled", async () => {
  const channel = `test-${crypto.randomUUID()}`;
  const w0 = isolate("w0", 2, channel, 3);
  const w1 = isolate("w1", 2, channel, 5);
  try {
    for (const asked of [w0, w1]) {
      const text = renderFamilies(await asked.gather());
      assert.equal(text.match(/^# TYPE http_requests_total counter$/gm)?.length, 1, text);
      assert.match(text, /^http_requests_total\{isolate="w0",route="\/a"\} 3$/m);
      assert.match(text, /^http_requests_total\{isolate="w1",route="\/a"\} 5$/m);
    }
  } finally {
    w0.close();
    w1.close();
  }
});

Deno.test("an isolate that does not answer costs the scrape the wait, not the answer", async () => {
  const channel = `test-${crypto.randomUUID()}`;
  const w0 = isolate("w0", 3, channel, 1);
  const w1 = isolate("w1", 3, channel, 2);
  try {
    const started = performance.now();
    const text = renderFamilies(await w0.gather());
    assert.ok(performance.now() - started >= 250, "waited for the third isolate");
    assert.match(text, /isolate="w0"/);
    assert.match(text, /isolate="w1"/);
  } finally {
    w0.close();
    w1.close();
  }
});
