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

/**
 * The outcome of an upload: the API's answer to the first step, or what went wrong (with
 * that answer when the bytes failed after it, so what it announced can be withdrawn).
 */
export type UploadResult<T> =
  | { ok: true; answer: T }
  | { ok: false; problem: Problem; answer?: T };

/** Posts `request` to `path` for a presigned upload, then sends `file` with it. */
export async function uploadFile<T extends { upload: PresignedUpload }>(
  path: string,
  request: unknown,
  file: File,
): Promise<UploadResult<T>> {
  let answer: T | undefined;
  try {
    const res = await authFetch(path, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(request),
    });
    if (!res.ok) return { ok: false, problem: await readProblem(res) };
    answer = await res.json() as T;
    const { url, method = "PUT", headers = {} } = answer.upload;
    const put = await fetch(url, { method, headers, body: file });
    await put.body?.cancel();
    if (!put.ok) {
      const message = `The upload of “${file.name}” failed with status ${put.status}`;
      const problem = { status: put.status, message, fields: {}, retryAfter: null };
      return { ok: false, problem, answer };
    }
    return { ok: true, answer };
  } catch {
    return { ok: false, problem: networkProblem(), answer };
  }
}

/** A product file as the catalog lists it. */
interface ListedFile {
  id: string;
  name: string;
  size: number;
  contentType: string;
}

/**
 * Adds a downloadable file to the product at `productPath`: announces it, uploads the bytes,
 * then has the catalog confirm the stored object. A failed upload is withdrawn at once (the
 * catalog would sweep it later anyway), so nothing half-done is ever listed.
 */
export async function uploadProductFile(
  productPath: string,
  file: File,
): Promise<UploadResult<ListedFile>> {
  const request = {
    name: file.name,
    size: file.size,
    contentType: file.type || "application/octet-stream",
  };
  const result = await uploadFile<{ upload: PresignedUpload; file: ListedFile }>(
    `${productPath}/files`,
    request,
    file,
  );
  const announced = result.answer && `${productPath}/files/${result.answer.file.id}`;
  if (!result.ok) {
    if (announced) await authFetch(announced, { method: "DELETE" }).catch(() => {});
    return { ok: false, problem: result.problem };
  }
  try {
    const confirmed = await authFetch(`${announced}/confirm`, { method: "POST" });
    if (!confirmed.ok) return { ok: false, problem: await readProblem(confirmed) };
    return { ok: true, answer: await confirmed.json() as ListedFile };
  } catch {
    return { ok: false, problem: networkProblem() };
  }
}
