/**
 * Licence-key lists as creators paste or upload them: one key a line, or the first column of
 * a CSV file (a header row such as "key" is skipped). Browser-safe and pure.
 * @module
 */
import Papa from "papaparse";

/** The longest key the catalog accepts. */
export const MAX_KEY_LENGTH = 200;
/** Keys sent in one request; longer lists go in several. */
export const KEYS_PER_REQUEST = 1000;
/** At or below this many keys left, the editor warns the creator. */
export const LOW_STOCK_AT = 10;

/** A list read from text: the keys to send, repeats dropped, and lines that cannot be keys. */
export interface KeyList {
  keys: string[];
  /** Keys that appeared more than once in the list (each extra copy counts). */
  repeated: number;
  /** One message a refused line, naming the line. */
  problems: string[];
}

const HEADER = /^(licen[cs]e[ _-]?)?keys?$/i;
// deno-lint-ignore no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** The candidate keys of `text`, each with its line number, in order. */
function candidates(text: string, format: "lines" | "csv"): [string, number][] {
  if (format === "lines") {
    return text.split(/\r\n|\r|\n/).map((line, i) => [line.trim(), i + 1]);
  }
  // papaparse ships no types; its `data` is one array of strings a row for this call.
  const rows: string[][] = Papa.parse(text, { skipEmptyLines: false }).data;
  const cells = rows.map((row, i): [string, number] => [(row[0] ?? "").trim(), i + 1]);
  return cells[0] && HEADER.test(cells[0][0]) ? cells.slice(1) : cells;
}

/** Reads a key list: `lines` for pasted text and .txt files, `csv` for .csv files. */
export function parseKeyList(text: string, format: "lines" | "csv" = "lines"): KeyList {
  const seen = new Set<string>();
  const problems: string[] = [];
  let repeated = 0;
  for (const [key, line] of candidates(text, format)) {
    if (key === "") continue;
    if (key.length > MAX_KEY_LENGTH) {
      problems.push(`Line ${line} is longer than ${MAX_KEY_LENGTH} characters`);
    } else if (CONTROL.test(key)) {
      problems.push(`Line ${line} contains a control character`);
    } else if (seen.has(key)) repeated++;
    else seen.add(key);
  }
  return { keys: [...seen], repeated, problems };
}

/** The list format a file's name implies. */
export function formatOfFile(name: string): "lines" | "csv" {
  return /\.csv$/i.test(name) ? "csv" : "lines";
}

/** `keys` in requests of at most {@linkcode KEYS_PER_REQUEST}. */
export function batches(keys: string[], size = KEYS_PER_REQUEST): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < keys.length; i += size) out.push(keys.slice(i, i + size));
  return out;
}

/** How the pool stands: none added yet, empty, low, or enough. */
export type KeyStock = "none" | "out" | "low" | "ok";

/** The state of a pool of `total` keys of which `available` are left for sale. */
export function keyStock(total: number, available: number | null): KeyStock {
  if (total === 0) return "none";
  const left = available ?? total;
  if (left === 0) return "out";
  return left <= LOW_STOCK_AT ? "low" : "ok";
}

/** "1 key", "3 keys". */
export function keysLabel(n: number): string {
  return `${n} ${n === 1 ? "key" : "keys"}`;
}
