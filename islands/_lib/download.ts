/// <reference lib="dom" />
/**
 * Saves a file the API sends only with the bearer token (a receipt, a CSV export): it is
 * fetched, then handed to the browser as a download under the name the server gave it.
 * @module
 */
import { networkProblem, readProblem } from "./problem.ts";
import { authFetch } from "./session.ts";

/** The file name of a `content-disposition: attachment; filename="…"` header. */
export function attachmentName(header: string | null, fallback: string): string {
  const name = header?.match(/filename="([^"]+)"/)?.[1];
  return name && !/[\\/]/.test(name) ? name : fallback;
}

/** Downloads `url` with the token; the problem's message when it fails, else null. */
export async function downloadFile(url: string, fallbackName: string): Promise<string | null> {
  try {
    const res = await authFetch(url);
    if (!res.ok) return (await readProblem(res)).message;
    const name = attachmentName(res.headers.get("content-disposition"), fallbackName);
    const href = URL.createObjectURL(await res.blob());
    const link = document.createElement("a");
    link.href = href;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    // The click has handed the file over; the address is freed once it has been read.
    setTimeout(() => URL.revokeObjectURL(href), 60_000);
    return null;
  } catch {
    return networkProblem().message;
  }
}
