/**
 * Uploads straight to storage: the API hands out a presigned request, the browser sends
 * the file with it, and the API is told the key afterwards.
 * @module
 */
import { networkProblem, type Problem, readProblem } from "./problem.ts";
import { authFetch } from "./session.ts";

/** A presigned request as the catalog API hands it out. */
export interface PresignedUpload {
  url: string;
  method?: string;
  headers?: Record<string, string>;
}

/** The outcome of an upload: the API's answer to the first step, or what went wrong. */
export type UploadResult<T> = { ok: true; answer: T } | { ok: false; problem: Problem };

/** Posts `request` to `path` for a presigned upload, then sends `file` with it. */
export async function uploadFile<T extends { upload: PresignedUpload }>(
  path: string,
  request: unknown,
  file: File,
): Promise<UploadResult<T>> {
  try {
    const res = await authFetch(path, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(request),
    });
    if (!res.ok) return { ok: false, problem: await readProblem(res) };
    const answer = await res.json() as T;
    const { url, method = "PUT", headers = {} } = answer.upload;
    const put = await fetch(url, { method, headers, body: file });
    await put.body?.cancel();
    if (!put.ok) {
      const message = `The upload of “${file.name}” failed with status ${put.status}`;
      return { ok: false, problem: { status: put.status, message, fields: {}, retryAfter: null } };
    }
    return { ok: true, answer };
  } catch {
    return { ok: false, problem: networkProblem() };
  }
}
