/**
 * Whether a user holds a product, asked of the subscriptions service, which keeps the
 * entitlements (`GET /internal/access?userId=&productId=`, internal token): no other service
 * copies who bought what. The catalog asks it before a review, streaming before playback.
 *
 * ```ts
 * const access = createAccessClient({ baseUrl, internalToken, registry });
 * if (!await access.owns(userId, productId)) throw new HttpProblem(403, "Buy it first");
 * ```
 * @module
 */
import type { Registry } from "@marquee/metrics";
import { createUpstream } from "@marquee/resilience";
import { z } from "zod";

const Access = z.object({ access: z.boolean() });

/** Thrown when the subscriptions service cannot be asked now (down, timing out, breaker open). */
export class AccessUnavailableError extends Error {
  override name = "AccessUnavailableError";
}

/** The access client. */
export interface AccessClient {
  /** Whether the user holds an entitlement to the product. */
  owns(userId: string, productId: string): Promise<boolean>;
  close(): void;
}

/** Creates the access client. */
export function createAccessClient(
  options: { baseUrl: string; internalToken: string; registry: Registry; timeoutMs?: number },
): AccessClient {
  const upstream = createUpstream({
    name: "subscriptions",
    baseUrl: options.baseUrl,
    registry: options.registry,
    timeoutMs: options.timeoutMs ?? 2000,
  });
  return {
    async owns(userId, productId) {
      const query = new URLSearchParams({ userId, productId });
      let res: Response;
      try {
        res = await upstream.fetch(`/internal/access?${query}`, {
          headers: { "x-internal-token": options.internalToken },
        });
      } catch (error) {
        throw new AccessUnavailableError((error as Error).message, { cause: error });
      }
      if (!res.ok) {
        await res.body?.cancel();
        throw new AccessUnavailableError(`Subscriptions answered ${res.status}`);
      }
      const parsed = Access.safeParse(await res.json().catch(() => null));
      if (!parsed.success) {
        throw new AccessUnavailableError("Subscriptions answered an unknown shape");
      }
      return parsed.data.access;
    },
    close: () => upstream.close(),
  };
}
