/**
 * Calls of the account pages to the users API, answering a problem for anything but
 * success so the islands only show what came back.
 * @module
 */
import { networkProblem, type Problem, readProblem } from "./problem.ts";
import { authFetch } from "./session.ts";

/** A call's outcome: the parsed body on success, else the problem. */
export type ApiResult<T> = { ok: true; body: T } | { ok: false; problem: Problem };

/** POSTs `body` as JSON to `path`, signed in (`auth`) or not. */
export async function postJson<T = unknown>(
  path: string,
  body: unknown,
  options: { auth?: boolean } = {},
): Promise<ApiResult<T>> {
  const init: RequestInit = {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify(body),
  };
  try {
    const res = options.auth
      ? await authFetch(path, init)
      : await fetch(path, { ...init, credentials: "same-origin" });
    if (!res.ok) return { ok: false, problem: await readProblem(res) };
    const text = await res.text();
    return { ok: true, body: (text ? JSON.parse(text) : null) as T };
  } catch {
    return { ok: false, problem: networkProblem() };
  }
}

/** The message a password field shows under it, the same on every account form. */
export const PASSWORD_HINT = "At least 10 characters; avoid common passwords and your email.";
