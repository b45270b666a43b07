/**
 * The seed's way in: JSON calls to the platform's public origin, signed in as a creator when
 * a token is given. A refused call throws with the problem the platform answered.
 * @module
 */

/** A call the platform refused, with its status and problem body. */
export class ApiError extends Error {
  override name = "ApiError";
  constructor(readonly status: number, readonly path: string, readonly body: string) {
    super(`${path} answered ${status}: ${body.slice(0, 300)}`);
  }
}

/** Options of one call. */
export interface CallOptions {
  method?: string;
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** How long one call may take. */
const CALL_TIMEOUT_MS = 30_000;

/** A JSON client of the platform at `base`. */
export function publicApi(base: string) {
  return async <T = unknown>(path: string, options: CallOptions = {}): Promise<T> => {
    const { method = options.body === undefined ? "GET" : "POST", token, body } = options;
    const res = await fetch(new URL(path, base), {
      method,
      headers: {
        ...options.headers,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
    });
    const text = await res.text();
    if (!res.ok) throw new ApiError(res.status, `${method} ${path}`, text);
    return (text ? JSON.parse(text) : null) as T;
  };
}

/** A JSON client of the platform. */
export type PublicApi = ReturnType<typeof publicApi>;

/** A presigned request as the catalog hands it out. */
export interface PresignedUpload {
  url: string;
  method?: string;
  headers?: Record<string, string>;
}

/** Sends `bytes` with a presigned request (relative to `base` when embedded), as a browser does. */
export async function putPresigned(
  base: string,
  upload: PresignedUpload,
  bytes: Uint8Array<ArrayBuffer>,
): Promise<void> {
  const url = new URL(upload.url, base);
  const res = await fetch(url, {
    method: upload.method ?? "PUT",
    headers: upload.headers ?? {},
    body: bytes,
    signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
  });
  const text = await res.text();
  if (!res.ok) throw new ApiError(res.status, `PUT ${url.pathname}`, text);
}
