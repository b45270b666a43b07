/**
 * The Kafka adapter (kafkajs): an idempotent producer with acks=all, consumer groups
 * committing after the handler settles, and topics created explicitly.
 * @module
 */
import { type Admin, type Consumer, Kafka, logLevel, type Producer } from "kafkajs";
import "./_kafkajs_idle_loop.ts";
import type { Logger } from "@marquee/log";
import type { BusMessage, Delivered, EventBus, SubscribeOptions, Subscription } from "./bus.ts";
import { deliver } from "./delivery.ts";

export interface KafkaBusOptions {
  brokers: string[];
  clientId: string;
  logger: Logger;
  partitions?: number;
  /** Per-request timeout towards the broker. */
  requestTimeoutMs?: number;
}

/** Creates the Kafka bus; connections open lazily on first use. */
export function createKafkaBus(options: KafkaBusOptions): EventBus {
  const { brokers, clientId, logger, partitions = 3, requestTimeoutMs = 10_000 } = options;
  const log = logger.child({ component: "kafka" });
  const kafka = new Kafka({
    clientId,
    brokers,
    requestTimeout: requestTimeoutMs,
    connectionTimeout: 3000,
    retry: { retries: 8, initialRetryTime: 100, maxRetryTime: 5000 },
    logLevel: logLevel.WARN,
    logCreator: () => ({ level, log: entry }) => {
      const { message, ...rest } = entry;
      const fields = { ...rest, namespace: entry.namespace };
      if (level <= logLevel.ERROR) log.error(message, fields);
      else log.warn(message, fields);
    },
  });
  let producer: Promise<Producer> | undefined;
  let admin: Promise<Admin> | undefined;
  const consumers = new Set<Consumer>();

  const getProducer = () =>
    producer ??= (async () => {
      const p = kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
      });
      await p.connect();
      return p;
    })().catch((error) => {
      producer = undefined;
      throw error;
    });
  const getAdmin = () =>
    admin ??= (async () => {
      const a = kafka.admin();
      await a.connect();
      return a;
    })().catch((error) => {
      admin = undefined;
      throw error;
    });

  async function publish(messages: BusMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const byTopic = new Map<string, BusMessage[]>();
    for (const m of messages) byTopic.set(m.topic, [...(byTopic.get(m.topic) ?? []), m]);
    const p = await getProducer();
    await p.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, list]) => ({
        topic,
        messages: list.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
      })),
    });
  }

  return {
    kind: "kafka",
    publish,
    async subscribe(opts: SubscribeOptions): Promise<Subscription> {
      const consumer = kafka.consumer({
        groupId: opts.group,
        allowAutoTopicCreation: false,
        sessionTimeout: 15_000,
        heartbeatInterval: 1_000,
        retry: { retries: 10, restartOnFailure: () => Promise.resolve(true) },
      });
      await consumer.connect();
      consumers.add(consumer);
      await consumer.subscribe({ topics: opts.topics, fromBeginning: opts.fromBeginning ?? false });
      await consumer.run({
        autoCommit: true,
        // One message at a time per partition keeps each key's order; the partitions of a
        // topic are worked on side by side.
        partitionsConsumedConcurrently: partitions,
        eachMessage: async ({ topic, partition, message, heartbeat }) => {
          const delivered: Delivered = {
            topic,
            partition,
            offset: message.offset,
            key: message.key?.toString() ?? "",
            value: message.value?.toString() ?? "",
            headers: headersToStrings(message.headers),
          };
          await deliver(delivered, opts.handle, {
            group: opts.group,
            maxAttempts: opts.maxAttempts ?? 5,
            retryDelayMs: opts.retryDelayMs ?? 100,
            publish,
            sleep: async (ms) => {
              await new Promise((r) => setTimeout(r, ms));
              await heartbeat();
            },
            onDeadLetter: (m, error, attempts) =>
              log.warn("Message dead-lettered", {
                topic: m.topic,
                offset: m.offset,
                group: opts.group,
                attempts,
                error: error.message,
              }),
          });
        },
      });
      return {
        async close() {
          consumers.delete(consumer);
          await consumer.disconnect();
        },
      };
    },
    async ensureTopics(topics) {
      const a = await getAdmin();
      const existing = new Set(await a.listTopics());
      const missing = topics.filter((t) => !existing.has(t));
      if (missing.length === 0) return;
      await a.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({
          topic,
          numPartitions: partitions,
          replicationFactor: 1,
        })),
      });
    },
    async ping() {
      const a = await getAdmin();
      await a.describeCluster();
    },
    async close() {
      await Promise.all([...consumers].map((c) => c.disconnect().catch(() => {})));
      consumers.clear();
      if (producer) await (await producer.catch(() => undefined))?.disconnect();
      if (admin) await (await admin.catch(() => undefined))?.disconnect();
      producer = admin = undefined;
    },
  };
}

function headersToStrings(headers: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (v === undefined || v === null) continue;
    out[k] = Array.isArray(v) ? String(v[0]) : String(v);
  }
  return out;
}
