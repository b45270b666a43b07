/**
 * Lua scripts written for Upstash may carry shebang flags that Redis does not know (such as
 * `allow-key-locking`, which `@upstash/ratelimit` sets); Redis refuses those scripts. The
 * server drops the unknown flags before Redis sees a script, and keeps a map from the SHA-1
 * of the script as the client wrote it to the SHA-1 of the script Redis stored, so that
 * EVALSHA, SCRIPT LOAD and SCRIPT EXISTS keep speaking of the client's hashes.
 * @module
 */
import type { Command } from "./commands.ts";

// Shebang flags Redis 7 understands; every other flag is dropped.
const REDIS_FLAGS = new Set([
  "no-writes",
  "allow-oom",
  "allow-stale",
  "no-cluster",
  "allow-cross-slot-keys",
]);

/** Removes shebang flags Redis does not know; other scripts come back unchanged. */
export function rewriteScript(script: string): string {
  const match = /^#!lua([^\n]*)/.exec(script);
  if (!match) return script;
  const options = match[1]!.trim().split(/\s+/).filter((o) => o !== "");
  const kept = options.flatMap((option) => {
    if (!option.startsWith("flags=")) return [option];
    const flags = option.slice("flags=".length).split(",").filter((f) => REDIS_FLAGS.has(f));
    return flags.length ? [`flags=${flags.join(",")}`] : [];
  });
  return ["#!lua", ...kept].join(" ") + script.slice(match[0].length);
}

/** Lowercase hex SHA-1 of a script, as Redis computes it. */
export async function sha1(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-1", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Translates script commands between the client's hashes and the stored scripts. */
export interface ScriptMap {
  /** Rewrites a command before it is sent to Redis. */
  prepare(command: Command): Promise<Command>;
  /** Maps a reply back into the client's hashes (SCRIPT LOAD answers with a hash). */
  reply(command: Command, reply: unknown): unknown;
}

/** Creates the hash map of rewritten scripts; it lives as long as the server process. */
export function createScriptMap(): ScriptMap {
  const toRedis = new Map<string, string>();
  const toClient = new Map<string, string>();

  const register = async (script: string): Promise<string> => {
    const rewritten = rewriteScript(script);
    if (rewritten !== script) {
      const [original, stored] = await Promise.all([sha1(script), sha1(rewritten)]);
      toRedis.set(original, stored);
      toClient.set(stored, original);
    }
    return rewritten;
  };
  const mapSha = (sha: string) => toRedis.get(sha.toLowerCase()) ?? sha;

  return {
    async prepare(command) {
      const name = command[0]!.toLowerCase();
      const out = [...command];
      if ((name === "eval" || name === "eval_ro") && out[1] !== undefined) {
        out[1] = await register(out[1]);
      } else if ((name === "evalsha" || name === "evalsha_ro") && out[1] !== undefined) {
        out[1] = mapSha(out[1]);
      } else if (name === "script" && out[1]?.toLowerCase() === "load" && out[2] !== undefined) {
        out[2] = await register(out[2]);
      } else if (name === "script" && out[1]?.toLowerCase() === "exists") {
        for (let i = 2; i < out.length; i++) out[i] = mapSha(out[i]!);
      }
      return out;
    },
    reply(command, reply) {
      const isLoad = command[0]!.toLowerCase() === "script" && command[1]?.toLowerCase() === "load";
      if (!isLoad) return reply;
      const sha = reply instanceof Uint8Array ? new TextDecoder().decode(reply) : String(reply);
      return toClient.get(sha) ?? sha;
    },
  };
}
