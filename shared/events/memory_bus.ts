/**
 * The in-process bus for embedded mode: an append-only log per topic and a committed
 * offset per consumer group, with the same retry and dead-letter rules as Kafka.
 * @module
 */
import type { BusMessage, Delivered, EventBus, SubscribeOptions, Subscription } from "./bus.ts";
import { deliver } from "./delivery.ts";

/** Creates an in-process bus. */
export function createMemoryBus(): EventBus {
  const logs = new Map<string, BusMessage[]>();
  const offsets = new Map<string, number>(); // `${group}\0${topic}` -> next offset
  const waiters = new Set<() => void>();
  const running = new Set<Promise<void>>();
  let closed = false;

  const wake = () => {
    for (const w of [...waiters]) w();
  };

  const publish = (messages: BusMessage[]) => {
    if (closed) return Promise.reject(new Error("Bus is closed"));
    for (const m of messages) {
      if (!logs.has(m.topic)) {
        return Promise.reject(new Error(`Topic "${m.topic}" does not exist`));
      }
    }
    for (const m of messages) logs.get(m.topic)!.push(structuredClone(m));
    wake();
    return Promise.resolve();
  };

  async function run(
    options: Required<Omit<SubscribeOptions, "fromBeginning">> & {
      stopped: () => boolean;
    },
  ) {
    while (!options.stopped()) {
      let progressed = false;
      for (const topic of options.topics) {
        const log = logs.get(topic) ?? [];
        const key = `${options.group}\0${topic}`;
        const next = offsets.get(key) ?? 0;
        if (next >= log.length) continue;
        const message: Delivered = { ...log[next]!, partition: 0, offset: String(next) };
        try {
          await deliver(message, options.handle, { ...options, publish });
          offsets.set(key, next + 1); // commit only after the handler settled
        } catch {
          await new Promise((r) => setTimeout(r, options.retryDelayMs));
        }
        progressed = true;
      }
      if (!progressed) {
        await new Promise<void>((resolve) => {
          const w = () => {
            waiters.delete(w);
            resolve();
          };
          waiters.add(w);
        });
      }
    }
  }

  return {
    kind: "memory",
    publish,
    subscribe(options: SubscribeOptions): Promise<Subscription> {
      for (const t of options.topics) {
        if (!logs.has(t)) return Promise.reject(new Error(`Topic "${t}" does not exist`));
        const key = `${options.group}\0${t}`;
        // A new group starts at the end unless asked for the beginning, like Kafka.
        if (!offsets.has(key)) offsets.set(key, options.fromBeginning ? 0 : logs.get(t)!.length);
      }
      let stopped = false;
      const loop = run({
        group: options.group,
        topics: options.topics,
        handle: options.handle,
        maxAttempts: options.maxAttempts ?? 5,
        retryDelayMs: options.retryDelayMs ?? 100,
        stopped: () => stopped || closed,
      });
      running.add(loop);
      return Promise.resolve({
        async close() {
          stopped = true;
          wake();
          await loop;
          running.delete(loop);
        },
      });
    },
    ensureTopics(topics) {
      for (const t of topics) if (!logs.has(t)) logs.set(t, []);
      return Promise.resolve();
    },
    ping: () => closed ? Promise.reject(new Error("Bus is closed")) : Promise.resolve(),
    async close() {
      closed = true;
      wake();
      await Promise.all(running);
    },
  };
}
