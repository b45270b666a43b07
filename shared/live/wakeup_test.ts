import assert from "node:assert/strict";
import { createWakeup } from "./wakeup.ts";

Deno.test("wakeup: a sleep runs out, or ends early when woken", async () => {
  const wakeup = createWakeup();
  assert.equal(await wakeup.sleep(5), true, "ran out");
  const woken = wakeup.sleep(60_000);
  wakeup.wake();
  assert.equal(await woken, false, "woken");
  wakeup.wake(); // awake: nothing to end
  assert.equal(await wakeup.sleep(5), true, "an earlier wake is not kept");
});
