/**
 * The words of every validation message: one zod error map, installed for the whole process
 * by the kit, turns an issue's code and its field's label into a plain sentence ("Enter your
 * name", "Use at most 80 characters") instead of zod's defaults ("Too small: expected string
 * to have >=1 characters"). A message a schema declares itself (`.regex(re, "Must be …")`)
 * still wins, as zod lets a schema's own words outrank the map; everything else comes from
 * here, so a service needs no message of its own for a common rule. A field's label is its
 * schema's `title` (`.meta({ title: "Your name" })`), else its name in the request made into
 * words (`displayName` → "display name").
 * @module
 */
import { z } from "zod";

/** The raw issue an error map receives. */
type Issue = z.core.$ZodRawIssue & { schema?: z.core.$ZodType };

const numbers = new Intl.NumberFormat("en-US");
const count = (n: number | bigint) => numbers.format(n);

/** `displayName` → "display name"; `coverKey` → "cover key". */
function words(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/[_-]+/g, " ").toLowerCase();
}

/** The label of the field an issue is about, lowercased for use inside a sentence. */
export function issueLabel(issue: Pick<Issue, "path" | "schema" | "inst">): string {
  const schema = issue.schema ?? issue.inst;
  const title = schema ? z.globalRegistry.get(schema as z.ZodType)?.title : undefined;
  if (title) return /^[A-Z]{2}/.test(title) ? title : title[0]!.toLowerCase() + title.slice(1);
  const key = [...(issue.path ?? [])].reverse().find((p) => typeof p === "string");
  return key ? words(key) : "value";
}

/** "a title", "an email", "your name". */
function withArticle(label: string): string {
  if (/^(your|the|a|an) /i.test(label)) return label;
  return `${/^[aeiou]/i.test(label) ? "an" : "a"} ${label}`;
}

const plural = (n: number | bigint, one: string, many = `${one}s`) =>
  `${count(n)} ${Number(n) === 1 ? one : many}`;

const FORMATS: Record<string, string> = {
  email: "Enter an email address such as name@example.com",
  url: "Enter a full web address starting with https://",
  uuid: "Use an id such as 0b5e9c3a-6f1d-4a5e-9d6e-2f1c3b4a5d6e",
  datetime: "Enter a date and time such as 2026-03-04T18:30:00Z",
  date: "Enter a date such as 2026-03-04",
};

/** The plain sentence for a zod issue; undefined leaves zod's own words (none are left). */
export function plainMessage(issue: Issue): string | undefined {
  const label = issueLabel(issue);
  switch (issue.code) {
    case "invalid_type": {
      if (issue.input === undefined || issue.input === null) return `Enter ${withArticle(label)}`;
      if (issue.expected === "int") return `Enter a whole number for ${label}`;
      if (issue.expected === "number") return `Enter a number for ${label}`;
      if (issue.expected === "string") return `Enter ${withArticle(label)} as text`;
      if (issue.expected === "boolean") return `Choose yes or no for ${label}`;
      if (issue.expected === "array") return `Send ${label} as a list`;
      return `Send ${withArticle(label)}`;
    }
    case "too_small": {
      const min = issue.minimum;
      const least = issue.inclusive === false ? "more than" : "at least";
      if (issue.origin === "string") {
        return Number(min) <= 1
          ? `Enter ${withArticle(label)}`
          : `Use ${least} ${plural(min, "character")}`;
      }
      if (issue.origin === "array" || issue.origin === "set") {
        return `Add ${least} ${plural(min, "item")}`;
      }
      return `Enter ${withArticle(label)} of ${least} ${count(min)}`;
    }
    case "too_big": {
      const max = issue.maximum;
      const most = issue.inclusive === false ? "less than" : "at most";
      if (issue.origin === "string") return `Use ${most} ${plural(max, "character")}`;
      if (issue.origin === "array" || issue.origin === "set") {
        return `Use ${most} ${plural(max, "item")}`;
      }
      return `Enter ${withArticle(label)} of ${most} ${count(max)}`;
    }
    case "invalid_format":
      return FORMATS[issue.format] ?? `Enter a valid ${label}`;
    case "not_multiple_of":
      return `Enter a multiple of ${count(issue.divisor as number)}`;
    case "invalid_value":
      return issue.values.length === 1
        ? `Use ${JSON.stringify(issue.values[0])}`
        : `Choose one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "unrecognized_keys":
      return `Remove the unknown ${issue.keys.length === 1 ? "field" : "fields"} ${
        issue.keys.map((k) => `"${k}"`).join(", ")
      }`;
    case "invalid_key":
    case "invalid_element":
    case "invalid_union":
    case "custom":
      return `Enter a valid ${label}`;
    default:
      return undefined;
  }
}

/** Makes {@linkcode plainMessage} zod's error map for the process; safe to call again. */
export function usePlainMessages(): void {
  z.config({ customError: plainMessage });
}
