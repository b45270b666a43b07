/**
 * Reading Redis commands out of Upstash REST requests: a JSON array for `POST /`, an array
 * of arrays for `/pipeline` and `/multi-exec`, and the path style `/<cmd>/<arg>/...`.
 * @module
 */

/** One Redis command as sent to the server: the name, then its arguments. */
export type Command = string[];

/** A request the server refuses with 400 and `{"error": message}`. */
export class CommandError extends Error {
  override name = "CommandError";
}

// Commands that would block the shared connection, change its state for every other
// caller, or reach past the data (replication, shutdown). Upstash refuses most of them too.
const REFUSED = new Set([
  "auth",
  "blmove",
  "blmpop",
  "blpop",
  "brpop",
  "brpoplpush",
  "bzmpop",
  "bzpopmax",
  "bzpopmin",
  "client",
  "debug",
  "discard",
  "exec",
  "failover",
  "hello",
  "migrate",
  "monitor",
  "multi",
  "psubscribe",
  "psync",
  "punsubscribe",
  "quit",
  "replicaof",
  "reset",
  "select",
  "shutdown",
  "slaveof",
  "ssubscribe",
  "subscribe",
  "sunsubscribe",
  "sync",
  "unsubscribe",
  "unwatch",
  "wait",
  "waitaof",
  "watch",
]);

/** Validates one command array from a JSON body; numbers and booleans become strings. */
export function toCommand(value: unknown, where = "Command"): Command {
  if (!Array.isArray(value) || value.length === 0) {
    throw new CommandError(`${where} must be a non-empty array`);
  }
  const command = value.map((arg, i) => {
    if (typeof arg === "string") return arg;
    if (typeof arg === "number" || typeof arg === "boolean") return String(arg);
    throw new CommandError(`${where} argument ${i} must be a string, number or boolean`);
  });
  assertAllowed(command);
  return command;
}

/** Validates the body of `/pipeline` or `/multi-exec`. */
export function toCommands(value: unknown): Command[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new CommandError("Body must be a non-empty array of commands");
  }
  return value.map((c, i) => toCommand(c, `Command ${i}`));
}

/**
 * Builds a command from the path style: each path segment is one argument, then a non-empty
 * POST body, then each query parameter's name and value (`POST /set/k?EX=60` with body `v`
 * is `SET k v EX 60`).
 */
export function pathCommand(url: URL, body: string | undefined): Command {
  const segments = url.pathname.split("/").filter((s) => s !== "");
  let args: string[];
  try {
    args = segments.map((s) => decodeURIComponent(s));
  } catch {
    throw new CommandError("Path is not valid percent-encoding");
  }
  if (body !== undefined && body !== "") args.push(body);
  for (const [name, value] of url.searchParams) {
    if (name === "_token") continue;
    args.push(name, ...(value === "" ? [] : [value]));
  }
  if (args.length === 0) throw new CommandError("No command given");
  assertAllowed(args);
  return args;
}

function assertAllowed(command: Command): void {
  const name = command[0]!.toLowerCase();
  if (REFUSED.has(name)) {
    throw new CommandError(`ERR command '${name}' is not allowed over REST`);
  }
}
