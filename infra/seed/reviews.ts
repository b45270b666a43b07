/**
 * Demo reviews: buyers who own a product or two, bought through checkout like anyone, review
 * them. They follow the demo content, since orders take seconds to complete.
 * @module
 */
import { type PublicApi, publicApi } from "./api.ts";
import { DEMO_BUYERS, type DemoBuyer } from "./content.ts";
import { type SeedResult, signIn } from "./mod.ts";

/**
 * The demo buyers' reviews of `products` (as {@linkcode seedDemo} left them); whether any
 * was written now.
 */
export async function seedReviews(
  base: string,
  products: SeedResult["products"],
): Promise<boolean> {
  const api = publicApi(base);
  const written = await Promise.all(DEMO_BUYERS.map((b) => ensureReviews(api, b, products)));
  return written.some(Boolean);
}

/** How long a demo order may take to reach the buyer's library. */
const ORDER_TIMEOUT_MS = 60_000;

/**
 * The buyer's reviews: each product bought first if need be (one order per product, its
 * idempotency key naming it, so a second run replays the same order), then reviewed once
 * owned. Whether anything was written.
 */
async function ensureReviews(
  api: PublicApi,
  buyer: DemoBuyer,
  products: SeedResult["products"],
): Promise<boolean> {
  const { token } = (await signIn(api, buyer))!;
  type Mine = { canReview: boolean; review: unknown };
  const mine = (id: string) => api<Mine>(`/api/products/${id}/reviews/mine`, { token });
  const todo: { id: string; rating: number; body: string }[] = [];
  for (const [title, review] of Object.entries(buyer.reviews)) {
    const product = products.find((p) => p.title === title)!;
    const state = await mine(product.id);
    if (state.review) continue;
    todo.push({ id: product.id, ...review });
    if (state.canReview) continue;
    await api("/api/orders", {
      token,
      headers: { "idempotency-key": `demo-${product.id}` },
      // Stripe's test card; the embedded platform's simulated provider takes it too.
      body: { items: [{ productId: product.id, quantity: 1 }], paymentMethod: "pm_card_visa" },
    });
  }
  for (const { id, rating, body } of todo) {
    const deadline = Date.now() + ORDER_TIMEOUT_MS;
    while (!(await mine(id)).canReview) {
      if (Date.now() > deadline) throw new Error(`The demo order of "${id}" did not complete`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    await api(`/api/products/${id}/reviews/mine`, { method: "PUT", token, body: { rating, body } });
  }
  return todo.length > 0;
}
