/**
 * A small Prometheus registry: counters, gauges and histograms with labels, rendered
 * in the text exposition format for `/metrics`.
 * @module
 */

export type Labels = Record<string, string | number>;

/** One line of the exposition: a series name (with any suffix), its labels and value. */
export interface Sample {
  name: string;
  labels: Labels;
  value: number;
}

/** A metric's samples with its help and type: plain data, safe to post between isolates. */
export interface Family {
  name: string;
  help: string;
  type: string;
  samples: Sample[];
}

interface Series<V> {
  labels: Labels;
  value: V;
}

abstract class Metric<V> {
  protected series = new Map<string, Series<V>>();
  constructor(readonly name: string, readonly help: string, readonly type: string) {}
  protected get(labels: Labels, init: () => V): Series<V> {
    const key = labelKey(labels);
    let s = this.series.get(key);
    if (!s) {
      s = { labels, value: init() };
      this.series.set(key, s);
    }
    return s;
  }
  abstract samples(): Sample[];
}

/** A value that only goes up. */
export class Counter extends Metric<number> {
  constructor(name: string, help: string) {
    super(name, help, "counter");
  }
  /** Adds `by` (default 1) to the series with these labels. */
  inc(labels: Labels = {}, by = 1): void {
    this.get(labels, () => 0).value += by;
  }
  /** The series with these labels, to count into without finding it each time. */
  bind(labels: Labels): { inc(by?: number): void } {
    const series = this.get(labels, () => 0);
    return { inc: (by = 1) => void (series.value += by) };
  }
  /** The current value for these labels. */
  value(labels: Labels = {}): number {
    return this.series.get(labelKey(labels))?.value ?? 0;
  }
  samples(): Sample[] {
    return [...this.series.values()].map((s) => ({ name: this.name, ...s }));
  }
}

/** A value that goes up and down, set directly or read from a callback at scrape time. */
export class Gauge extends Metric<number> {
  #readers = new Map<string, { labels: Labels; read: () => number }>();
  constructor(name: string, help: string, private collect?: () => Array<[Labels, number]>) {
    super(name, help, "gauge");
  }
  /**
   * Reads the series with these labels from `read` at scrape time: for a value that changes
   * on every call of something hot, where setting it each time would cost more than reading it
   * once a scrape.
   */
  track(labels: Labels, read: () => number): void {
    this.#readers.set(labelKey(labels), { labels, read });
  }
  /** Sets the series with these labels. */
  set(labels: Labels, value: number): void {
    this.get(labels, () => 0).value = value;
  }
  /** Adds `by` to the series with these labels. */
  inc(labels: Labels = {}, by = 1): void {
    this.get(labels, () => 0).value += by;
  }
  samples(): Sample[] {
    if (this.collect) { for (const [labels, v] of this.collect()) this.set(labels, v); }
    for (const { labels, read } of this.#readers.values()) this.set(labels, read());
    return [...this.series.values()].map((s) => ({ name: this.name, ...s }));
  }
}

interface Buckets {
  counts: number[];
  sum: number;
  count: number;
}

/** Latency-style observations counted into cumulative buckets. */
export class Histogram extends Metric<Buckets> {
  constructor(name: string, help: string, readonly buckets: number[]) {
    super(name, help, "histogram");
  }
  /** Records one observation. */
  observe(labels: Labels, value: number): void {
    this.#record(this.#series(labels).value, value);
  }
  /** The series with these labels, to record into without finding it each time. */
  bind(labels: Labels): { observe(value: number): void } {
    const { value: buckets } = this.#series(labels);
    return { observe: (value) => this.#record(buckets, value) };
  }
  #series(labels: Labels) {
    return this.get(labels, () => ({ counts: this.buckets.map(() => 0), sum: 0, count: 0 }));
  }
  #record(s: Buckets, value: number) {
    for (let i = 0; i < this.buckets.length; i++) {
      if (value <= this.buckets[i]!) s.counts[i]!++;
    }
    s.sum += value;
    s.count++;
  }
  samples(): Sample[] {
    const out: Sample[] = [];
    for (const { labels, value } of this.series.values()) {
      const bucket = `${this.name}_bucket`;
      this.buckets.forEach((le, i) =>
        out.push({ name: bucket, labels: { ...labels, le }, value: value.counts[i]! })
      );
      out.push({ name: bucket, labels: { ...labels, le: "+Inf" }, value: value.count });
      out.push({ name: `${this.name}_sum`, labels, value: value.sum });
      out.push({ name: `${this.name}_count`, labels, value: value.count });
    }
    return out;
  }
}

/** Default latency buckets in seconds. */
export const LATENCY_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** A set of metrics rendered together. */
export class Registry {
  #metrics = new Map<string, Metric<unknown>>();

  /** Returns the counter named `name`, creating it on first use. */
  counter(name: string, help: string): Counter {
    return this.#add(name, () => new Counter(name, help));
  }
  /** Returns the gauge named `name`, creating it on first use. */
  gauge(name: string, help: string, collect?: () => Array<[Labels, number]>): Gauge {
    return this.#add(name, () => new Gauge(name, help, collect));
  }
  /** Returns the histogram named `name`, creating it on first use. */
  histogram(name: string, help: string, buckets = LATENCY_BUCKETS): Histogram {
    return this.#add(name, () => new Histogram(name, help, buckets));
  }
  /** Every metric's current samples. */
  families(): Family[] {
    return [...this.#metrics.values()].map((m) => ({
      name: m.name,
      help: m.help,
      type: m.type,
      samples: m.samples(),
    }));
  }
  /** Renders every metric in the Prometheus text format. */
  render(): string {
    return renderFamilies(this.families());
  }
  #add<M extends Metric<unknown>>(name: string, make: () => M): M {
    const existing = this.#metrics.get(name);
    if (existing) return existing as M;
    const m = make();
    this.#metrics.set(name, m);
    return m;
  }
}

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/**
 * A request method as a label value: the standard ones as they are, any other as `OTHER`, so
 * that a client inventing methods cannot add series without bound.
 */
export function methodLabel(method: string): string {
  return METHODS.has(method) ? method : "OTHER";
}

/** Renders metric families in the Prometheus text format. */
export function renderFamilies(families: Family[]): string {
  const out: string[] = [];
  for (const f of families) {
    out.push(`# HELP ${f.name} ${f.help}`, `# TYPE ${f.name} ${f.type}`);
    for (const s of f.samples) out.push(`${s.name}${fmt(s.labels)} ${s.value}`);
  }
  return out.join("\n") + "\n";
}

/**
 * The families of several sources (processes, isolates) as one set: each source's samples
 * carry its own labels in front of theirs, and same-named families become one.
 */
export function mergeFamilies(sources: Array<{ labels: Labels; families: Family[] }>): Family[] {
  const merged = new Map<string, Family>();
  for (const { labels, families } of sources) {
    for (const f of families) {
      let into = merged.get(f.name);
      if (!into) {
        merged.set(f.name, into = { name: f.name, help: f.help, type: f.type, samples: [] });
      }
      for (const s of f.samples) into.samples.push({ ...s, labels: { ...labels, ...s.labels } });
    }
  }
  return [...merged.values()];
}

// On every observation: sorts only when the caller's keys are out of order (they rarely are)
// and builds the key without intermediate arrays.
function labelKey(labels: Labels): string {
  let keys = Object.keys(labels);
  for (let i = 1; i < keys.length; i++) {
    if (keys[i - 1]! > keys[i]!) {
      keys = keys.sort();
      break;
    }
  }
  let out = "";
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    out += (i === 0 ? "" : ",") + k + "=" + labels[k];
  }
  return out;
}

function fmt(labels: Labels): string {
  const keys = Object.keys(labels);
  if (keys.length === 0) return "";
  const esc = (v: string | number) =>
    String(v).replaceAll("\\", "\\\\").replaceAll('"', '\\"').replaceAll("\n", "\\n");
  return `{${keys.map((k) => `${k}="${esc(labels[k]!)}"`).join(",")}}`;
}
