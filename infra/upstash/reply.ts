/**
 * Redis replies as Upstash's JSON: bulk strings as text (or base64 when the client sends
 * `Upstash-Encoding: base64`), integers as numbers, nil as null, arrays nested as arrays.
 * @module
 */
import { Buffer } from "node:buffer";

const decoder = new TextDecoder();

/** Converts a RESP2 reply (bulk strings as Buffers, status replies as strings) to JSON. */
export function toJson(reply: unknown, base64: boolean): unknown {
  if (reply === null || reply === undefined) return null;
  if (typeof reply === "number") return reply;
  if (typeof reply === "bigint") return Number(reply);
  if (typeof reply === "boolean") return reply ? 1 : 0;
  // Status replies. The client decodes every string as base64 except a bare "OK", so
  // other statuses ("PONG", "QUEUED") are encoded like bulk strings.
  if (typeof reply === "string") {
    return base64 && reply !== "OK" ? Buffer.from(reply).toString("base64") : reply;
  }
  if (reply instanceof Uint8Array) {
    return base64 ? Buffer.from(reply).toString("base64") : decoder.decode(reply);
  }
  if (reply instanceof Error) return reply.message;
  if (Array.isArray(reply)) return reply.map((r) => toJson(r, base64));
  if (reply instanceof Map) return [...reply].flat().map((r) => toJson(r, base64));
  return String(reply);
}

/** Serialises the reply of one command for the response body. */
export function resultBody(reply: unknown, base64: boolean): { result: unknown } {
  return { result: toJson(reply, base64) };
}
