import assert from "node:assert/strict";
import { mergeFamilies, Registry, renderFamilies } from "./mod.ts";

Deno.test("registry renders counters, gauges and histograms in Prometheus text", () => {
  const r = new Registry();
  r.counter("http_requests_total", "Requests").inc({ route: "/a", status: 200 });
  r.counter("http_requests_total", "Requests").inc({ route: "/a", status: 200 });
  r.gauge("pool_open", "Open", () => [[{ pool: "main" }, 3]]);
  const h = r.histogram("latency_seconds", "Latency", [0.1, 1]);
  h.observe({ route: "/a" }, 0.05);
  h.observe({ route: "/a" }, 0.5);
  const text = r.render();
  assert.match(text, /# TYPE http_requests_total counter/);
  assert.match(text, /http_requests_total\{route="\/a",status="200"\} 2/);
  assert.match(text, /pool_open\{pool="main"\} 3/);
  assert.match(text, /latency_seconds_bucket\{route="\/a",le="0.1"\} 1/);
  assert.match(text, /latency_seconds_bucket\{route="\/a",le="1"\} 2/);
  assert.match(text, /latency_seconds_bucket\{route="\/a",le="\+Inf"\} 2/);
  assert.match(text, /latency_seconds_count\{route="\/a"\} 2/);
});

Deno.test("label values are escaped", () => {
  const r = new Registry();
  r.counter("c", "C").inc({ v: 'a"b\\c' });
  assert.match(r.render(), /c\{v="a\\"b\\\\c"\} 1/);
});

Deno.test("the same labels in any order count toward one series", () => {
  const r = new Registry();
  const c = r.counter("requests_total", "Requests");
  c.inc({ method: "GET", route: "/a" });
  c.inc({ route: "/a", method: "GET" });
  assert.equal(c.value({ route: "/a", method: "GET" }), 2);
  assert.equal(r.render().match(/requests_total\{/g)?.length, 1);
});

Deno.test("families from several sources merge into one family per name, labelled", () => {
  const a = new Registry();
  a.counter("jobs_total", "Jobs").inc({ kind: "x" }, 2);
  a.histogram("wait_seconds", "Wait", [1]).observe({}, 0.5);
  const b = new Registry();
  b.counter("jobs_total", "Jobs").inc({ kind: "x" }, 7);
  const text = renderFamilies(mergeFamilies([
    { labels: { source: "a" }, families: a.families() },
    { labels: { source: "b" }, families: b.families() },
  ]));
  assert.equal(text.match(/^# HELP jobs_total /gm)?.length, 1, text);
  assert.match(text, /^jobs_total\{source="a",kind="x"\} 2$/m);
  assert.match(text, /^jobs_total\{source="b",kind="x"\} 7$/m);
  assert.match(text, /^wait_seconds_bucket\{source="a",le="1"\} 1$/m);
  assert.match(text, /^wait_seconds_count\{source="a"\} 1$/m);
  assert.equal(renderFamilies(a.families()), a.render());
});

Deno.test("bound series count into the same series as labelled calls", () => {
  const r = new Registry();
  const c = r.counter("calls_total", "Calls");
  const h = r.histogram("call_seconds", "Call time", [0.1, 1]);
  c.bind({ kind: "a" }).inc();
  c.inc({ kind: "a" }, 2);
  h.bind({ kind: "a" }).observe(0.05);
  h.observe({ kind: "a" }, 0.5);
  const text = r.render();
  assert.match(text, /^calls_total\{kind="a"\} 3$/m);
  assert.match(text, /^call_seconds_bucket\{kind="a",le="0.1"\} 1$/m);
  assert.match(text, /^call_seconds_bucket\{kind="a",le="1"\} 2$/m);
  assert.match(text, /^call_seconds_count\{kind="a"\} 2$/m);
});

Deno.test("a tracked gauge is read when rendered", () => {
  const r = new Registry();
  let now = 1;
  r.gauge("in_flight", "In flight").track({ pool: "a" }, () => now);
  assert.match(r.render(), /^in_flight\{pool="a"\} 1$/m);
  now = 4;
  assert.match(r.render(), /^in_flight\{pool="a"\} 4$/m);
});
