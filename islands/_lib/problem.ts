/**
 * Reading RFC 9457 problem answers of the API into messages a form can show.
 * @module
 */

/** A problem answer, with field errors keyed by form field (`body.price.amount` → `price`). */
export interface Problem {
  status: number;
  message: string;
  fields: Record<string, string>;
  /** Seconds from `Retry-After`, when the answer had one. */
  retryAfter: number | null;
}

interface ProblemBody {
  title?: string;
  detail?: string;
  errors?: { field?: string; message?: string }[];
}

/** The form field an API error names: `body.price.amount` → `price`, `query.q` → `q`. */
export function fieldOf(path: string): string {
  const parts = path.split(".");
  if (parts[0] === "body" || parts[0] === "query") parts.shift();
  return parts[0] ?? path;
}

/** Reads a failed response. */
export async function readProblem(res: Response): Promise<Problem> {
  const body = await res.json().catch(() => ({})) as ProblemBody;
  const fields: Record<string, string> = {};
  for (const error of body.errors ?? []) {
    if (!error.field || !error.message) continue;
    const field = fieldOf(error.field);
    fields[field] ??= error.message;
  }
  const retry = Number(res.headers.get("retry-after"));
  return {
    status: res.status,
    message: body.detail ?? body.title ?? `The request failed with status ${res.status}`,
    fields,
    retryAfter: Number.isFinite(retry) && retry > 0 ? retry : null,
  };
}

/** A problem for a request that never got an answer. */
export function networkProblem(): Problem {
  return {
    status: 0,
    message: "We could not reach Marquee. Check your connection and try again.",
    fields: {},
    retryAfter: null,
  };
}

/** What to tell the visitor about a failed sign-in or sign-up. */
export function problemMessage(problem: Problem): string {
  if (problem.status === 401) return "Email or password is incorrect.";
  if (problem.status === 429) {
    const wait = problem.retryAfter ? ` in ${problem.retryAfter} seconds` : " later";
    return `Too many attempts. Please try again${wait}.`;
  }
  if (Object.keys(problem.fields).length > 0) return "Please correct the fields marked below.";
  return problem.message;
}
