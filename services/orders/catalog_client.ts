/**
 * The catalog as the orders service uses it: product reads for pricing, and the hold API
 * (`x-internal-token`) for limited stock. Hold calls carry an `idempotency-key` (the hold
 * id), so the resilient client retries them; each answer becomes a saga message, and a
 * transient failure becomes null so the step is retried later from the saved state.
 * @module
 */
import { type OrderLine, ProductStatus, ProductType } from "@marquee/contracts";
import type { Logger } from "@marquee/log";
import type { Registry } from "@marquee/metrics";
import { createUpstream } from "@marquee/resilience";
import { z } from "zod";
import type { HoldStep, SagaMessage } from "./domain/saga.ts";

/** The fields of a catalog product the orders service reads. */
export const CatalogProduct = z.object({
  id: z.string().uuid(),
  type: ProductType,
  title: z.string(),
  status: ProductStatus,
  creatorId: z.string(),
  price: z.object({ amount: z.number().int().nonnegative(), currency: z.string() }),
  /** Set when the buyer names the price: `price` is then the minimum. */
  payWhatYouWant: z.object({ suggestedAmount: z.number().int().nullable() }).nullable()
    .default(null),
  available: z.number().int().nullable(),
  /** Set for memberships: what one payment pays for. */
  membership: z.object({ period: z.enum(["month", "year"]) }).nullable().default(null),
});
/** The fields of a catalog product the orders service reads. */
export type CatalogProduct = z.infer<typeof CatalogProduct>;

/** Thrown when the catalog cannot be asked now (down, timing out, breaker open). */
export class CatalogUnavailableError extends Error {
  override name = "CatalogUnavailableError";
}

/** The catalog client. */
export interface CatalogClient {
  /** The product, or null when the catalog does not show it. */
  product(id: string): Promise<CatalogProduct | null>;
  reserve(hold: HoldStep): Promise<SagaMessage | null>;
  commit(hold: HoldStep): Promise<SagaMessage | null>;
  release(holdId: string): Promise<SagaMessage | null>;
  /** Gives a committed hold's units back (a sale undone before the order completed). */
  returnHold(holdId: string): Promise<SagaMessage | null>;
  /**
   * What discount code `code` takes off `lines` now (nothing is redeemed): each line's share,
   * or why it takes nothing, in words a buyer can read.
   */
  quoteDiscount(code: string, lines: OrderLine[]): Promise<DiscountQuote>;
  /** Redeems the order's code (once per order; the catalog keeps the limit). */
  redeem(orderId: string, code: string, lines: OrderLine[]): Promise<SagaMessage | null>;
  /** Gives a cancelled order's use of its code back. */
  releaseDiscount(orderId: string): Promise<SagaMessage | null>;
  close(): void;
}

/** A code's preview: each line's share of the discount, or why there is none. */
export type DiscountQuote =
  | { ok: true; code: string; lines: Array<{ productId: string; discount: number }> }
  | { ok: false; message: string };

/** Options of {@linkcode createCatalogClient}. */
export interface CatalogClientOptions {
  baseUrl: string;
  internalToken: string;
  registry: Registry;
  logger: Logger;
  holdTtlSec: number;
  timeoutMs?: number;
}

const HoldAnswer = z.object({ licenceKeys: z.array(z.string()).optional() }).passthrough();
const DiscountAnswer = z.object({
  code: z.string(),
  lines: z.array(z.object({ productId: z.string(), discount: z.number().int().nonnegative() })),
}).passthrough();

/** The lines as the catalog prices a code on them. */
const pricedLines = (lines: OrderLine[]) =>
  lines.map((l) => ({
    productId: l.productId,
    quantity: l.quantity,
    unitAmount: l.unitPrice.amount,
    currency: l.unitPrice.currency,
  }));

/** The first field message of a problem, else its detail. */
function refusal(json: Record<string, unknown>): string | null {
  const errors = Array.isArray(json.errors) ? json.errors as Array<{ message?: unknown }> : [];
  const first = errors.find((e) => typeof e.message === "string")?.message;
  return typeof first === "string" ? first : null;
}

/** Creates the catalog client. */
export function createCatalogClient(options: CatalogClientOptions): CatalogClient {
  const upstream = createUpstream({
    name: "catalog",
    baseUrl: options.baseUrl,
    registry: options.registry,
    timeoutMs: options.timeoutMs ?? 3000,
  });
  const log = options.logger.child({ component: "catalog_client" });

  const internal = async (path: string, key: string, body?: unknown) => {
    try {
      const res = await upstream.fetch(path, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-internal-token": options.internalToken,
          "idempotency-key": key,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      let json: Record<string, unknown> = {};
      try {
        json = text ? JSON.parse(text) : {};
      } catch { /* not JSON: only the status matters */ }
      return { status: res.status, json };
    } catch (error) {
      log.warn("Hold call failed", { path, error: (error as Error).message });
      return null;
    }
  };
  const transient = (status: number) => status >= 500 || status === 429 || status === 401;
  const detail = (json: Record<string, unknown>) =>
    typeof json.detail === "string" ? json.detail : "The catalog refused";

  return {
    async product(id) {
      let res: Response;
      try {
        res = await upstream.fetch(`/api/products/${encodeURIComponent(id)}`);
      } catch (error) {
        throw new CatalogUnavailableError((error as Error).message, { cause: error });
      }
      if (res.status === 404) {
        await res.body?.cancel();
        return null;
      }
      if (!res.ok) {
        await res.body?.cancel();
        throw new CatalogUnavailableError(`Catalog answered ${res.status}`);
      }
      const parsed = CatalogProduct.safeParse(await res.json());
      if (!parsed.success) throw new CatalogUnavailableError("Catalog answered an unknown shape");
      return parsed.data;
    },
    async reserve(hold) {
      const answer = await internal("/api/inventory/holds", hold.holdId, {
        productId: hold.productId,
        quantity: hold.quantity,
        holdId: hold.holdId,
        ttlSec: options.holdTtlSec,
      });
      if (!answer || transient(answer.status)) return null;
      if (answer.status === 200 || answer.status === 201) {
        return { type: "hold.reserved", holdId: hold.holdId };
      }
      const soldOut = answer.status === 409 && typeof answer.json.available === "number";
      return {
        type: "hold.refused",
        holdId: hold.holdId,
        code: soldOut ? "sold_out" : "product_unavailable",
        message: soldOut ? "Sold out" : detail(answer.json),
      };
    },
    async commit(hold) {
      const answer = await internal(`/api/inventory/holds/${hold.holdId}/commit`, hold.holdId);
      if (!answer || transient(answer.status)) return null;
      if (answer.status === 200) {
        const parsed = HoldAnswer.safeParse(answer.json);
        const licenceKeys = parsed.success ? parsed.data.licenceKeys ?? [] : [];
        return { type: "hold.committed", holdId: hold.holdId, licenceKeys };
      }
      return { type: "hold.commit_failed", holdId: hold.holdId, message: detail(answer.json) };
    },
    async release(holdId) {
      const answer = await internal(`/api/inventory/holds/${holdId}/release`, holdId);
      if (!answer || transient(answer.status)) return null;
      // A hold the catalog never made (404) has nothing to give back.
      if (answer.status === 200 || answer.status === 404) return { type: "hold.released", holdId };
      return { type: "hold.release_failed", holdId, message: detail(answer.json) };
    },
    async returnHold(holdId) {
      const answer = await internal(`/api/inventory/holds/${holdId}/return`, holdId);
      if (!answer || transient(answer.status)) return null;
      // A hold the catalog never made (404) has nothing to give back.
      if (answer.status === 200 || answer.status === 404) return { type: "hold.returned", holdId };
      return { type: "hold.return_failed", holdId, message: detail(answer.json) };
    },
    async quoteDiscount(code, lines) {
      let res: Response;
      try {
        res = await upstream.fetch("/api/discounts/quote", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ code, lines: pricedLines(lines) }),
        });
      } catch (error) {
        throw new CatalogUnavailableError((error as Error).message, { cause: error });
      }
      const json = await res.json().catch(() => ({})) as Record<string, unknown>;
      if (res.status === 422) {
        return { ok: false, message: refusal(json) ?? `Code "${code}" cannot be used` };
      }
      const parsed = DiscountAnswer.safeParse(json);
      if (!res.ok || !parsed.success) {
        throw new CatalogUnavailableError(`Catalog answered ${res.status} to a discount quote`);
      }
      return { ok: true, code: parsed.data.code, lines: parsed.data.lines };
    },
    async redeem(orderId, code, lines) {
      const answer = await internal("/api/redemptions", orderId, {
        orderId,
        code,
        lines: pricedLines(lines),
      });
      if (!answer || transient(answer.status)) return null;
      const parsed = DiscountAnswer.safeParse(answer.json);
      if (answer.status === 200 && parsed.success) {
        return { type: "discount.redeemed", lines: parsed.data.lines };
      }
      return {
        type: "discount.refused",
        message: refusal(answer.json) ?? detail(answer.json),
      };
    },
    async releaseDiscount(orderId) {
      const answer = await internal(`/api/redemptions/${orderId}/release`, orderId);
      if (!answer || transient(answer.status)) return null;
      // A redemption the catalog never made (404) has nothing to give back.
      if (answer.status === 200 || answer.status === 404) return { type: "discount.released" };
      return { type: "discount.release_failed", message: detail(answer.json) };
    },
    close: () => upstream.close(),
  };
}
