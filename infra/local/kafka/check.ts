// Compatibility check of the local Kafka broker with the kafkajs client used by the services.
//
//   deno run -A infra/local/kafka/check.ts
//
// Exercises: admin createTopics / fetchTopicMetadata / deleteTopics, an idempotent
// producer with acks=-1, and a consumer group (subscribe fromBeginning, committed offsets).
// Broker address: $KAFKA_BROKERS (comma separated), default 127.0.0.1:9092.
// Exits 0 when every step passes, 1 otherwise (naming the failing step and its error).

import { Kafka, logLevel, Partitioners } from "npm:kafkajs@2.2.4";

const brokers = (Deno.env.get("KAFKA_BROKERS") ?? "127.0.0.1:9092")
  .split(",")
  .map((b) => b.trim())
  .filter((b) => b.length > 0);
const TIMEOUT_MS = 60_000;
const MESSAGES = 30;
const suffix = `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
const topic = `marquee-check-${suffix}`;
const groupId = `marquee-check-${suffix}`;

const kafka = new Kafka({
  clientId: "marquee-kafka-check",
  brokers,
  logLevel: logLevel.NOTHING,
  retry: { retries: 5 },
});
const admin = kafka.admin();
const producer = kafka.producer({
  idempotent: true,
  maxInFlightRequests: 1,
  allowAutoTopicCreation: false,
  createPartitioner: Partitioners.DefaultPartitioner,
});
const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });

let current = "connect";
async function step<T>(name: string, fn: () => Promise<T>): Promise<T> {
  current = name;
  const started = performance.now();
  const result = await fn();
  console.log(`ok   ${name} (${Math.round(performance.now() - started)} ms)`);
  return result;
}

async function run(): Promise<void> {
  await step("admin.connect", () => admin.connect());
  const created = await step("admin.createTopics", () =>
    admin.createTopics({
      topics: [{ topic, numPartitions: 3, replicationFactor: 1 }],
      waitForLeaders: true,
    }));
  if (!created) throw new Error(`createTopics returned false for ${topic}`);

  await step("admin.fetchTopicMetadata", async () => {
    const meta = await admin.fetchTopicMetadata({ topics: [topic] });
    const t = meta.topics.find((x) => x.name === topic);
    if (!t || t.partitions.length !== 3) {
      throw new Error(`unexpected metadata: ${JSON.stringify(meta)}`);
    }
  });

  await step("producer.connect (idempotent)", () => producer.connect());
  await step(`producer.send x${MESSAGES} (acks=-1)`, async () => {
    const messages = Array.from({ length: MESSAGES }, (_, i) => ({
      key: `k${i % 7}`,
      value: JSON.stringify({ i }),
    }));
    const res = await producer.send({ topic, acks: -1, messages });
    if (res.some((r) => r.errorCode !== 0)) {
      throw new Error(`produce errors: ${JSON.stringify(res)}`);
    }
  });

  await step("consumer.connect", () => consumer.connect());
  await step(
    "consumer.subscribe (fromBeginning)",
    () => consumer.subscribe({ topics: [topic], fromBeginning: true }),
  );
  const seen = new Set<number>();
  await step(`consumer group receives ${MESSAGES}`, () =>
    new Promise<void>((resolve, reject) => {
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            const { i } = JSON.parse(message.value?.toString() ?? "{}");
            seen.add(i);
            await consumer.commitOffsets([{
              topic,
              partition,
              offset: (BigInt(message.offset) + 1n).toString(),
            }]);
            if (seen.size === MESSAGES) resolve();
          },
        })
        .catch(reject);
    }));

  await step("admin.fetchOffsets (committed)", async () => {
    const offsets = await admin.fetchOffsets({ groupId, topics: [topic] });
    const total = offsets
      .flatMap((t) => t.partitions)
      .reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
    if (total !== MESSAGES) {
      throw new Error(
        `committed offsets sum to ${total}, expected ${MESSAGES}: ${JSON.stringify(offsets)}`,
      );
    }
  });

  await step("consumer.disconnect", () => consumer.disconnect());
  await step("producer.disconnect", () => producer.disconnect());
  await step("admin.deleteGroups", () => admin.deleteGroups([groupId]).then(() => undefined));
  await step("admin.deleteTopics", () => admin.deleteTopics({ topics: [topic], timeout: 10_000 }));
  await step("admin.disconnect", () => admin.disconnect());
}

const timer = setTimeout(() => {
  console.error(`FAIL ${current}: timed out after ${TIMEOUT_MS} ms (brokers ${brokers.join(",")})`);
  Deno.exit(1);
}, TIMEOUT_MS);

try {
  await run();
  clearTimeout(timer);
  console.log(`kafka check passed against ${brokers.join(",")} with kafkajs 2.2.4`);
  Deno.exit(0);
} catch (err) {
  clearTimeout(timer);
  const e = err as { name?: string; message?: string; type?: string; code?: number };
  console.error(
    `FAIL ${current}: ${e.name ?? "Error"}: ${e.message ?? String(err)}` +
      (e.type ? ` (type ${e.type}, code ${e.code})` : ""),
  );
  await Promise.allSettled([consumer.disconnect(), producer.disconnect()]);
  await admin.deleteTopics({ topics: [topic] }).catch(() => {});
  await admin.disconnect().catch(() => {});
  Deno.exit(1);
}
