/**
 * One contract, both adapters: the in-process bus and Kafka must deliver alike.
 */
import assert from "node:assert/strict";
import { type BusMessage, deadLetterTopic, type Delivered } from "@marquee/events";
import { busTargets, eventually, testTopic } from "@marquee/testing";

const msg = (topic: string, key: string, value: string): BusMessage => ({
  topic,
  key,
  value,
  headers: { traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" },
});

for (const target of busTargets()) {
  const opts = { sanitizeOps: false, sanitizeResources: false };

  Deno.test(`${target.name} bus: delivers in order per key with headers`, opts, async () => {
    const bus = target.make();
    const topic = testTopic("order");
    await bus.ensureTopics([topic]);
    const seen: Delivered[] = [];
    const sub = await bus.subscribe({
      group: `g-${topic}`,
      topics: [topic],
      fromBeginning: true,
      handle: (m) => Promise.resolve(void seen.push(m)),
    });
    await bus.publish([1, 2, 3, 4, 5].map((i) => msg(topic, "k1", `v${i}`)));
    await eventually(() => seen.length === 5, 20_000, "5 messages");
    assert.deepEqual(seen.map((m) => m.value), ["v1", "v2", "v3", "v4", "v5"]);
    assert.equal(seen[0]!.headers.traceparent, msg(topic, "", "").headers.traceparent);
    await sub.close();
    await bus.close();
  });

  Deno.test(
    `${target.name} bus: a failing handler is retried, then dead-lettered`,
    opts,
    async () => {
      const bus = target.make();
      const topic = testTopic("dlq");
      await bus.ensureTopics([topic, deadLetterTopic(topic)]);
      const attempts = new Map<string, number>();
      const handled: string[] = [];
      const sub = await bus.subscribe({
        group: `g-${topic}`,
        topics: [topic],
        fromBeginning: true,
        maxAttempts: 3,
        retryDelayMs: 10,
        handle: (m) => {
          const n = (attempts.get(m.value) ?? 0) + 1;
          attempts.set(m.value, n);
          if (m.value === "flaky" && n < 3) return Promise.reject(new Error("try again"));
          if (m.value === "broken") return Promise.reject(new Error("always broken"));
          handled.push(m.value);
          return Promise.resolve();
        },
      });
      const dead: Delivered[] = [];
      const dlq = await bus.subscribe({
        group: `g-${topic}-dlq`,
        topics: [deadLetterTopic(topic)],
        fromBeginning: true,
        handle: (m) => Promise.resolve(void dead.push(m)),
      });
      await bus.publish([
        msg(topic, "a", "flaky"),
        msg(topic, "a", "broken"),
        msg(topic, "a", "ok"),
      ]);
      await eventually(() => handled.length === 2 && dead.length === 1, 20_000, "handled + dlq");
      assert.deepEqual(handled, ["flaky", "ok"]);
      assert.equal(attempts.get("flaky"), 3);
      assert.equal(attempts.get("broken"), 3);
      assert.equal(dead[0]!.value, "broken");
      assert.equal(dead[0]!.headers["x-dead-letter-error"], "always broken");
      assert.equal(dead[0]!.headers["x-dead-letter-attempts"], "3");
      assert.equal(dead[0]!.headers["x-original-topic"], topic);
      await sub.close();
      await dlq.close();
      await bus.close();
    },
  );

  Deno.test(`${target.name} bus: a group resumes after its committed offset`, opts, async () => {
    const bus = target.make();
    const topic = testTopic("resume");
    await bus.ensureTopics([topic]);
    const group = `g-${topic}`;
    const first: string[] = [];
    let sub = await bus.subscribe({
      group,
      topics: [topic],
      fromBeginning: true,
      handle: (m) => Promise.resolve(void first.push(m.value)),
    });
    await bus.publish([msg(topic, "k", "one"), msg(topic, "k", "two")]);
    await eventually(() => first.length === 2, 20_000, "first two");
    await sub.close();
    await bus.publish([msg(topic, "k", "three")]);
    const second: string[] = [];
    sub = await bus.subscribe({
      group,
      topics: [topic],
      fromBeginning: true,
      handle: (m) => Promise.resolve(void second.push(m.value)),
    });
    await eventually(() => second.length >= 1, 20_000, "third");
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(second, ["three"]);
    await sub.close();
    await bus.close();
  });

  Deno.test(`${target.name} bus: publishing to a topic nobody created fails`, opts, async () => {
    const bus = target.make();
    await assert.rejects(() => bus.publish([msg(testTopic("missing"), "k", "v")]));
    await bus.close();
  });
}
