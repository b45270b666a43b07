/**
 * Reads `.env` (if present) over `.env.example`, so `deno task dev` needs no setup.
 * @module
 */
import { ROOT } from "./services.ts";

/** Parses KEY=value lines; `#` starts a comment line. */
export function parseEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const m = /^\s*([A-Z_][A-Z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (m) out[m[1]!] = m[2]!.replace(/^"(.*)"$/, "$1");
  }
  return out;
}

/** `.env.example`, then `.env`, then the process environment, later winning. */
export async function loadDevEnv(): Promise<Record<string, string>> {
  const read = (name: string) => Deno.readTextFile(`${ROOT}${name}`).catch(() => "");
  return {
    ...parseEnv(await read(".env.example")),
    ...parseEnv(await read(".env")),
    ...Deno.env.toObject(),
  };
}
