/**
 * JSON-lines logging. Every line carries the service, level, and — when logged inside
 * a request or event handler — the request id and trace id from the ambient context.
 * @module
 */
import { AsyncLocalStorage } from "node:async_hooks";

export type Level = "debug" | "info" | "warn" | "error";
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Per-request (or per-event) values that every log line inside it carries. */
export interface LogContext {
  requestId?: string;
  traceId?: string;
  spanId?: string;
  [key: string]: unknown;
}

const storage = new AsyncLocalStorage<LogContext>();

/** Runs `fn` with `context` attached to every log line written inside it. */
export function withLogContext<T>(context: LogContext, fn: () => T): T {
  return storage.run({ ...storage.getStore(), ...context }, fn);
}

/** The context of the request or event being handled, if any. */
export function currentLogContext(): LogContext | undefined {
  return storage.getStore();
}

/** A structured logger. */
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

export interface LoggerOptions {
  service: string;
  level?: Level;
  /** Where lines go; standard output by default. */
  sink?: (line: string) => void;
  fields?: Record<string, unknown>;
}

const encoder = new TextEncoder();
const stdout = (line: string) => Deno.stdout.writeSync(encoder.encode(line + "\n"));

/** Creates a JSON-lines logger for one service. */
export function createLogger(options: LoggerOptions): Logger {
  const { service, level = "info", sink = stdout, fields = {} } = options;
  const min = ORDER[level];
  const write = (lvl: Level, msg: string, extra?: Record<string, unknown>) => {
    if (ORDER[lvl] < min) return;
    const ctx = storage.getStore();
    const line: Record<string, unknown> = {
      time: new Date().toISOString(),
      level: lvl,
      service,
      msg,
      ...fields,
    };
    if (ctx?.requestId) line.requestId = ctx.requestId;
    if (ctx?.traceId) line.traceId = ctx.traceId;
    if (extra) {
      for (const [k, v] of Object.entries(extra)) line[k] = v instanceof Error ? serialize(v) : v;
    }
    sink(JSON.stringify(line));
  };
  return {
    debug: (m, f) => write("debug", m, f),
    info: (m, f) => write("info", m, f),
    warn: (m, f) => write("warn", m, f),
    error: (m, f) => write("error", m, f),
    child: (extra) => createLogger({ service, level, sink, fields: { ...fields, ...extra } }),
  };
}

function serialize(error: Error): Record<string, unknown> {
  return { name: error.name, message: error.message, stack: error.stack };
}
