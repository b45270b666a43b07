/**
 * `/metrics` of a parallel edge. Each isolate counts its own requests, and a scrape lands on
 * whichever isolate the kernel hands the connection to: answered alone, successive scrapes
 * would read different isolates' counters and see them jump back and forth. Instead the
 * isolate that takes the scrape asks the others for their samples over a BroadcastChannel and
 * answers for all of them, each series labelled with its isolate.
 * @module
 */
import { type Family, mergeFamilies, type Registry } from "@marquee/metrics";

/** Options of {@linkcode shareIsolateMetrics}. */
export interface IsolateMetricsOptions {
  registry: Registry;
  /** This isolate's name (`w0`, `w1`, …). */
  isolate: string;
  /** How many isolates serve the port, this one included. */
  isolates: number;
  /** The channel the isolates of one edge share. */
  channel: string;
  /** How long a scrape waits for the other isolates; 1000 ms by default. */
  waitMs?: number;
}

/** Every isolate's samples, gathered on demand. */
export interface IsolateMetrics {
  /** This isolate's families and every other's that answered within the wait, labelled. */
  gather(): Promise<Family[]>;
  close(): void;
}

type Message =
  | { kind: "ask"; id: string }
  | { kind: "answer"; id: string; isolate: string; families: Family[] };

interface Pending {
  answers: Array<{ isolate: string; families: Family[] }>;
  done: () => void;
}

/** Joins the isolates' channel: answers their scrapes and gathers theirs for its own. */
export function shareIsolateMetrics(options: IsolateMetricsOptions): IsolateMetrics {
  const { registry, isolate, isolates, waitMs = 1000 } = options;
  const channel = new BroadcastChannel(options.channel);
  const pending = new Map<string, Pending>();
  channel.onmessage = (event: MessageEvent<Message>) => {
    const message = event.data;
    if (message.kind === "ask") {
      channel.postMessage(
        {
          kind: "answer",
          id: message.id,
          isolate,
          families: registry.families(),
        } satisfies Message,
      );
      return;
    }
    const waiting = pending.get(message.id);
    if (!waiting) return;
    waiting.answers.push({ isolate: message.isolate, families: message.families });
    if (waiting.answers.length >= isolates - 1) waiting.done();
  };

  return {
    async gather() {
      const id = crypto.randomUUID();
      const answers: Pending["answers"] = [];
      let timer: ReturnType<typeof setTimeout> | undefined;
      await new Promise<void>((resolve) => {
        pending.set(id, { answers, done: resolve });
        timer = setTimeout(resolve, waitMs);
        if (isolates > 1) channel.postMessage({ kind: "ask", id } satisfies Message);
        else resolve();
      });
      clearTimeout(timer);
      pending.delete(id);
      const sources = [{ isolate, families: registry.families() }, ...answers]
        .sort((a, b) => a.isolate.localeCompare(b.isolate, "en", { numeric: true }));
      return mergeFamilies(
        sources.map(({ isolate, families }) => ({ labels: { isolate }, families })),
      );
    },
    close() {
      for (const waiting of pending.values()) waiting.done();
      channel.close();
    },
  };
}
