/**
 * An Upstash-compatible REST server in front of a real Redis, speaking the protocol the way
 * `@upstash/redis` uses it: `POST /` with a JSON command, `POST /pipeline` and
 * `POST /multi-exec` with arrays of commands, and path-style `GET|POST /<cmd>/<arg>/...`.
 * @module
 */
import { timingSafeEqual } from "node:crypto";
import { Buffer } from "node:buffer";
import { createClient, ErrorReply, MultiErrorReply, RESP_TYPES } from "npm:redis@6.3.1";
import type { Logger } from "@marquee/log";
import { type Command, CommandError, pathCommand, toCommand, toCommands } from "./commands.ts";
import { resultBody, toJson } from "./reply.ts";
import { createScriptMap } from "./scripts.ts";

/** Options of {@linkcode startUpstashRest}. */
export interface UpstashRestOptions {
  /** The Redis to serve, such as `redis://127.0.0.1:6380`. */
  redisUrl: string;
  /** The bearer token clients must send. */
  token: string;
  hostname?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Largest request body accepted; 1 MiB by default. */
  bodyLimitBytes?: number;
  /** Time limit of each Redis command in milliseconds; 5000 by default. */
  commandTimeoutMs?: number;
  logger?: Logger;
}

/** A running server. */
export interface UpstashRest extends AsyncDisposable {
  url: string;
  close(): Promise<void>;
}

// The part of node-redis used here. Bulk strings come back as Buffers and status replies
// as strings, so base64 encoding can tell them apart like Upstash does.
interface RedisConnection {
  sendCommand(args: string[]): Promise<unknown>;
  multi(): { addCommand(args: string[]): unknown; exec(): Promise<unknown[]> };
  ping(): Promise<unknown>;
}

/** A failure that answers with `status` and `{"error": message}`. */
class RestError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** Starts the server; it connects to Redis in the background and reconnects when Redis returns. */
export function startUpstashRest(options: UpstashRestOptions): UpstashRest {
  const { hostname = "127.0.0.1", port = 8079, logger, commandTimeoutMs = 5_000 } = options;
  const client = createClient({
    url: options.redisUrl,
    RESP: 2,
    // Fail fast while Redis is away instead of queueing requests until it returns.
    disableOfflineQueue: true,
    commandOptions: { timeout: commandTimeoutMs },
    socket: {
      connectTimeout: 3_000,
      reconnectStrategy: (n: number) => Math.min(100 * 2 ** n, 2_000),
    },
  });
  let lastWarned = 0;
  client.on("error", (error: Error) => {
    // One line per ten seconds is enough while the client keeps reconnecting.
    if (Date.now() - lastWarned < 10_000) return;
    lastWarned = Date.now();
    logger?.warn("Redis connection error", { error: error.message });
  });
  // The client retries until Redis answers; until then commands fail fast and /health is 503.
  const connected = client.connect().catch((error: Error) =>
    logger?.error("Redis connect failed", { error: error.message })
  );
  const redis = client.withTypeMapping({
    [RESP_TYPES.BLOB_STRING]: Buffer,
  }) as unknown as RedisConnection;
  const handler = createUpstashRestHandler({ ...options, redis });
  const server = Deno.serve({ hostname, port, onListen() {} }, handler);
  const url = `http://${hostname}:${server.addr.port}`;
  logger?.info("Listening", { url, redis: options.redisUrl });
  let closing: Promise<void> | undefined;
  const close = () =>
    closing ??= (async () => {
      await server.shutdown();
      if (client.isOpen) await client.close();
      else client.destroy();
      await connected;
    })();
  return { url, close, [Symbol.asyncDispose]: close };
}

/** Options of {@linkcode createUpstashRestHandler}. */
export interface UpstashRestHandlerOptions {
  redis: RedisConnection;
  token: string;
  bodyLimitBytes?: number;
  logger?: Logger;
}

/** The request handler, separate from the listener so it can be mounted elsewhere. */
export function createUpstashRestHandler(
  options: UpstashRestHandlerOptions,
): (req: Request) => Promise<Response> {
  const { redis, bodyLimitBytes = 1_048_576, logger } = options;
  const scripts = createScriptMap();
  const expected = digest(options.token);

  const run = async (command: Command, base64: boolean) => {
    const prepared = await scripts.prepare(command);
    try {
      const reply = await redis.sendCommand(prepared);
      return resultBody(scripts.reply(prepared, reply), base64);
    } catch (error) {
      throw asRestError(error);
    }
  };

  const pipeline = async (commands: Command[], base64: boolean) => {
    const prepared = await Promise.all(commands.map((c) => scripts.prepare(c)));
    // Sent back to back on one connection, so Redis runs them in order.
    const settled = await Promise.allSettled(prepared.map((c) => redis.sendCommand(c)));
    return settled.map((s, i) =>
      s.status === "fulfilled"
        ? resultBody(scripts.reply(prepared[i]!, s.value), base64)
        : { error: errorMessage(s.reason) }
    );
  };

  const multiExec = async (commands: Command[], base64: boolean) => {
    const prepared = await Promise.all(commands.map((c) => scripts.prepare(c)));
    const multi = redis.multi();
    for (const c of prepared) multi.addCommand(c);
    let replies: unknown[];
    try {
      replies = await multi.exec();
    } catch (error) {
      // A command failing inside the transaction fails only itself; a command refused
      // while queueing aborts the whole transaction (EXECABORT).
      if (error instanceof MultiErrorReply) replies = error.replies;
      else throw asRestError(error);
    }
    return replies.map((reply, i) =>
      reply instanceof ErrorReply
        ? { error: reply.message }
        : { result: toJson(scripts.reply(prepared[i]!, reply), base64) }
    );
  };

  return async function upstashRest(req) {
    const url = new URL(req.url);
    try {
      if (url.pathname === "/health" && req.method === "GET") {
        try {
          await redis.ping();
        } catch (error) {
          throw new RestError(503, `Redis is unavailable: ${errorMessage(error)}`);
        }
        return Response.json({ result: "OK" });
      }
      if (!await authorized(req, url, expected)) {
        return Response.json({ error: "Unauthorized" }, { status: 401 });
      }
      const format = req.headers.get("upstash-response-format");
      if (format && format.toLowerCase() !== "json") {
        throw new RestError(400, `Response format "${format}" is not supported`);
      }
      const base64 = req.headers.get("upstash-encoding")?.toLowerCase() === "base64";
      if (req.method !== "GET" && req.method !== "POST") {
        throw new RestError(405, `Method "${req.method}" is not allowed`);
      }
      const body = req.method === "POST" ? await readBody(req, bodyLimitBytes) : undefined;
      switch (url.pathname) {
        case "/":
          if (req.method !== "POST") throw new RestError(400, "No command given");
          return Response.json(await run(toCommand(parseJson(body)), base64));
        case "/pipeline":
          return Response.json(await pipeline(toCommands(parseJson(body)), base64));
        case "/multi-exec":
          return Response.json(await multiExec(toCommands(parseJson(body)), base64));
        default:
          return Response.json(await run(pathCommand(url, body), base64));
      }
    } catch (error) {
      if (error instanceof CommandError) {
        return Response.json({ error: error.message }, { status: 400 });
      }
      if (error instanceof RestError) {
        if (error.status >= 500) logger?.warn("Command failed", { error: error.message });
        return Response.json({ error: error.message }, { status: error.status });
      }
      logger?.error("Request failed", { error: error as Error });
      return Response.json({ error: "Internal error" }, { status: 500 });
    }
  };
}

function asRestError(error: unknown): RestError {
  if (error instanceof ErrorReply) return new RestError(400, error.message);
  return new RestError(503, `Redis is unavailable: ${errorMessage(error)}`);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function parseJson(body: string | undefined): unknown {
  try {
    return JSON.parse(body ?? "");
  } catch {
    throw new RestError(400, "Body is not valid JSON");
  }
}

async function readBody(req: Request, limit: number): Promise<string> {
  const declared = Number(req.headers.get("content-length") ?? 0);
  if (declared > limit) throw new RestError(413, `Body is larger than ${limit} bytes`);
  if (!req.body) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of req.body) {
    size += chunk.byteLength;
    if (size > limit) throw new RestError(413, `Body is larger than ${limit} bytes`);
    chunks.push(chunk);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

function digest(text: string): Promise<Uint8Array> {
  return crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)).then((d) =>
    new Uint8Array(d)
  );
}

/** Compares the bearer token in constant time (digests have the same length either way). */
async function authorized(req: Request, url: URL, expected: Promise<Uint8Array>) {
  const header = req.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  const token = match?.[1] ?? url.searchParams.get("_token");
  if (!token) return false;
  return timingSafeEqual(await digest(token), await expected);
}
