/**
 * `deno task kafka:topics`: creates every platform topic and its dead-letter topic.
 * The broker never auto-creates topics.
 * @module
 */
import { allTopics } from "@marquee/contracts";
import { createKafkaBus } from "@marquee/events";
import { createLogger } from "@marquee/log";

const brokers = (Deno.env.get("KAFKA_BROKERS") ?? "127.0.0.1:9092").split(",");
const logger = createLogger({ service: "topics" });
const bus = createKafkaBus({ brokers, clientId: "marquee-topics", logger });
const topics = allTopics();
await bus.ensureTopics(topics);
await bus.close();
logger.info("Topics ready", { topics });
