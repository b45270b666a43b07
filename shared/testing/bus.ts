/**
 * The buses a test runs against: always the in-process one, and Kafka too when
 * `MARQUEE_TEST_KAFKA_BROKERS` names a broker (the test runner sets it after `infra:up`).
 * @module
 */
import { createKafkaBus, createMemoryBus, type EventBus } from "@marquee/events";
import { createLogger } from "@marquee/log";

/** A named way to build a bus. */
export interface BusTarget {
  name: "memory" | "kafka";
  make: () => EventBus;
}

/** The bus adapters available to this test run. */
export function busTargets(): BusTarget[] {
  const targets: BusTarget[] = [{ name: "memory", make: createMemoryBus }];
  const brokers = Deno.env.get("MARQUEE_TEST_KAFKA_BROKERS");
  if (brokers) {
    targets.push({
      name: "kafka",
      make: () =>
        createKafkaBus({
          brokers: brokers.split(","),
          clientId: "marquee-test",
          logger: createLogger({ service: "test", level: "error" }),
        }),
    });
  }
  return targets;
}

/** A unique topic name for one test. */
export function testTopic(label: string): string {
  return `test.${label}.${crypto.randomUUID().slice(0, 8)}`;
}

/** Resolves once `predicate` holds, polling; rejects after `timeoutMs`. */
export async function eventually(
  predicate: () => boolean | Promise<boolean>,
  timeoutMs = 15_000,
  what = "condition",
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** True when `url` answers 2xx; false on any error. The body is always consumed. */
export async function answersOk(url: string): Promise<boolean> {
  try {
    const res = await fetch(url);
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}
