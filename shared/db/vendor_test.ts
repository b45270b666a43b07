import assert from "node:assert/strict";

Deno.test("a query's closures are allocated young, so finished queries die in a scavenge", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-env",
      "--v8-flags=--allow-natives-syntax",
      new URL("./_young_generation_fixture.ts", import.meta.url).pathname,
    ],
    stderr: "inherit",
  }).output();
  assert.ok(out.success);
  const seen = JSON.parse(new TextDecoder().decode(out.stdout));
  // The control has upstream's shape: a literal assigned straight to a property is old.
  assert.deepEqual(seen, { control: false, resolve: true, reject: true });
});
