import assert from "node:assert/strict";
import { createLogger } from "@marquee/log";
import { relayPurges } from "./purge_relay.ts";

const logger = createLogger({ service: "test", level: "error", sink: () => {} });

/** A cache that records purges and lets a test wait for the next one. */
function recordingCache(count: number) {
  const purged: string[][] = [];
  let heard: (tags: string[]) => void = () => {};
  return {
    purged,
    next: () => new Promise<string[]>((resolve) => heard = resolve),
    purge(tags: readonly string[]) {
      purged.push([...tags]);
      heard([...tags]);
      return Promise.resolve(count);
    },
  };
}

Deno.test("a purge asked of one isolate reaches its siblings, and answers its own count", async () => {
  const channel = `test-${crypto.randomUUID()}`;
  const here = recordingCache(2);
  const sibling = recordingCache(5);
  const stranger = recordingCache(9);
  const a = relayPurges({ cache: here, channel, logger });
  const b = relayPurges({ cache: sibling, channel, logger });
  const c = relayPurges({ cache: stranger, channel: `${channel}-other`, logger });
  try {
    const told = sibling.next();
    assert.equal(await a.purge(["product:x", "creator:y"]), 2);
    assert.deepEqual(await told, ["product:x", "creator:y"]);
    assert.deepEqual(here.purged, [["product:x", "creator:y"]], "purged once here, not echoed");
    assert.deepEqual(stranger.purged, [], "another edge's channel hears nothing");
  } finally {
    a.close();
    b.close();
    c.close();
  }
});

Deno.test("a message that is not a list of tags is ignored", async () => {
  const channel = `test-${crypto.randomUUID()}`;
  const sibling = recordingCache(1);
  const relay = relayPurges({ cache: sibling, channel, logger });
  const raw = new BroadcastChannel(channel);
  try {
    raw.postMessage({ tags: [1, 2] });
    raw.postMessage("product:x");
    const told = sibling.next();
    raw.postMessage({ tags: ["product:z"] });
    assert.deepEqual(await told, ["product:z"]);
    assert.deepEqual(sibling.purged, [["product:z"]]);
  } finally {
    raw.close();
    relay.close();
  }
});
