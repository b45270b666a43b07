/**
 * Prices at checkout on the real services and servers: a free product completes without a
 * payment, a pay-what-you-want amount below the minimum is refused naming it, and a
 * discount code is applied in the price check: the discounted total is charged, a cancelled
 * order gives its use back, and orders racing for a limited code never pass the limit.
 */
import assert from "node:assert/strict";
import { DEV_INTERNAL_TOKEN } from "@marquee/config";
import { loadDevEnv } from "../../infra/env_file.ts";
import {
  entitlementsOf,
  paymentsOf,
  type Placed,
  startCheckoutPlatform,
  TEST_OPTIONS,
} from "./fixtures/checkout_platform.ts";

const EUR = (amount: number) => ({ amount, currency: "EUR" });

Deno.test("checkout prices: free, pay what you want, discount codes", TEST_OPTIONS, async (t) => {
  await using p = await startCheckoutPlatform();
  const catalog = p.url("catalog");
  const call = async (method: string, url: string, token: string | null, body?: unknown) => {
    const res = await fetch(url, {
      method,
      headers: {
        "content-type": "application/json",
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const creator = await p.signUp("creator");
  const product = async (fields: Record<string, unknown>) => {
    const created = await call("POST", `${catalog}/api/products`, creator.token, {
      title: `Pricing ${crypto.randomUUID().slice(0, 8)}`,
      type: "course",
      price: EUR(1000),
      ...fields,
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id as string;
    const published = await call("POST", `${catalog}/api/products/${id}/publish`, creator.token);
    assert.equal(published.status, 200, JSON.stringify(published.body));
    return { id, title: created.body.title as string };
  };
  const place = async (token: string, body: Record<string, unknown>): Promise<Placed> => {
    const res = await fetch(`${p.url("orders")}/api/orders`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${token}`,
        "idempotency-key": crypto.randomUUID(),
      },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };
  const view = async (token: string, id: string) =>
    (await call("GET", `${p.url("orders")}/api/orders/${id}`, token)).body;
  const codeRow = async (code: string) =>
    (await p.db.catalog<{ redemptions: number }[]>`
      select redemptions from discount_codes where code = ${code}`)[0]!;

  try {
    await t.step("a free product completes with no card and no payment", async () => {
      const free = await product({ price: EUR(0) });
      const buyer = await p.signUp();
      const placed = await place(buyer.token, { items: [{ productId: free.id, quantity: 1 }] });
      assert.equal(placed.status, 202, JSON.stringify(placed.body));
      const [row] = await p.settle([placed.body.id], 30_000);
      assert.equal(row!.status, "COMPLETED", JSON.stringify(row));
      assert.equal((await paymentsOf(p.db.payments, [placed.body.id])).length, 0);
      assert.equal((await entitlementsOf(p.db.subscriptions, [placed.body.id])).length, 1);

      // A product with a price still needs a payment method.
      const paid = await product({});
      const refused = await place(buyer.token, { items: [{ productId: paid.id, quantity: 1 }] });
      assert.equal(refused.status, 422);
      assert.equal(refused.body.errors[0].field, "body.paymentMethod");
    });

    await t.step(
      "pay what you want: below the minimum is refused, above it is charged",
      async () => {
        const pwyw = await product({ price: EUR(500) });
        const set = await call(
          "PUT",
          `${catalog}/api/products/${pwyw.id}/pay-what-you-want`,
          creator.token,
          { enabled: true, suggestedAmount: 800 },
        );
        assert.equal(set.status, 200, JSON.stringify(set.body));
        assert.deepEqual(set.body.payWhatYouWant, { suggestedAmount: 800 });
        const tooLow = await call(
          "PUT",
          `${catalog}/api/products/${pwyw.id}/pay-what-you-want`,
          creator.token,
          { enabled: true, suggestedAmount: 100 },
        );
        assert.equal(tooLow.status, 422);
        assert.equal(tooLow.body.errors[0].field, "body.suggestedAmount");

        const buyer = await p.signUp();
        const below = await place(buyer.token, {
          items: [{ productId: pwyw.id, quantity: 1, amount: 499 }],
          paymentMethod: "pm_card_visa",
        });
        assert.equal(below.status, 422);
        assert.deepEqual(below.body.errors[0], {
          field: "body.items[0].amount",
          message: `Pay at least €5.00 for "${pwyw.title}"`,
        });
        const above = await place(buyer.token, {
          items: [{ productId: pwyw.id, quantity: 1, amount: 1234 }],
          paymentMethod: "pm_card_visa",
        });
        assert.equal(above.status, 202, JSON.stringify(above.body));
        assert.deepEqual(above.body.total, EUR(1234));
        const [row] = await p.settle([above.body.id], 30_000);
        assert.equal(row!.status, "COMPLETED");
        const [payment] = await paymentsOf(p.db.payments, [above.body.id]);
        assert.equal(payment?.status, "succeeded");
        const [charged] = await p.db.payments<{ amount: string }[]>`
        select amount from payments where order_id = ${above.body.id}`;
        assert.equal(Number(charged!.amount), 1234);
      },
    );

    await t.step("discount codes: refusals name why; the discounted total is charged", async () => {
      const course = await product({ price: EUR(2000) });
      const other = await p.signUp("creator");
      const code = `SAVE-${crypto.randomUUID().slice(0, 6).toUpperCase()}`;
      const made = await call("POST", `${catalog}/api/discounts`, creator.token, {
        code: code.toLowerCase(),
        percentOff: 25,
        productIds: [course.id],
        maxRedemptions: 3,
      });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      assert.equal(made.body.code, code);
      const taken = await call("POST", `${catalog}/api/discounts`, other.token, {
        code,
        percentOff: 5,
      });
      assert.equal(taken.status, 409);
      const foreign = await call("POST", `${catalog}/api/discounts`, other.token, {
        code: `${code}-X`,
        percentOff: 5,
        productIds: [course.id],
      });
      assert.equal(foreign.status, 422);
      assert.equal(foreign.body.errors[0].field, "body.productIds");
      const both = await call("POST", `${catalog}/api/discounts`, creator.token, {
        code: `${code}-Y`,
      });
      assert.equal(both.status, 422);
      assert.equal(both.body.errors[0].field, "body.percentOff");

      const buyer = await p.signUp();
      const items = [{ productId: course.id, quantity: 1 }];
      const unknown = await place(buyer.token, {
        items,
        paymentMethod: "pm_card_visa",
        discountCode: "NOPE-NOPE",
      });
      assert.equal(unknown.status, 422);
      assert.deepEqual(unknown.body.errors[0], {
        field: "body.discountCode",
        message: 'Code "NOPE-NOPE" does not exist',
      });

      // A declined card cancels the order and gives the use back.
      const declined = await place(buyer.token, {
        items,
        paymentMethod: "pm_card_chargeDeclined",
        discountCode: code.toLowerCase(),
      });
      assert.equal(declined.status, 202, JSON.stringify(declined.body));
      assert.deepEqual(declined.body.discount, { code, amount: EUR(500) });
      assert.deepEqual(declined.body.subtotal, EUR(2000));
      assert.deepEqual(declined.body.total, EUR(1500));
      const [cancelled] = await p.settle([declined.body.id], 30_000);
      assert.equal(cancelled!.status, "CANCELLED");
      const redemption = await p.db.catalog<{ status: string }[]>`
        select status from discount_redemptions where order_id = ${declined.body.id}`;
      assert.equal(redemption[0]?.status, "released");
      assert.equal((await codeRow(code)).redemptions, 0);

      // Eight buyers race for a code three may use: three pay the discounted total.
      const buyers = await Promise.all(Array.from({ length: 8 }, () => p.signUp()));
      const placed = await Promise.all(
        buyers.map((b) =>
          place(b.token, { items, paymentMethod: "pm_card_visa", discountCode: code })
        ),
      );
      const accepted = placed.filter((r) => r.status === 202).map((r) => r.body.id as string);
      for (const r of placed.filter((r) => r.status !== 202)) {
        assert.equal(r.status, 422, JSON.stringify(r.body));
        assert.equal(r.body.errors[0].message, `Code "${code}" has been used up`);
      }
      const rows = await p.settle(accepted, 60_000);
      const completed = rows.filter((r) => r.status === "COMPLETED").map((r) => r.orderId);
      assert.equal(completed.length, 3, JSON.stringify(rows));
      for (const r of rows.filter((r) => r.status !== "COMPLETED")) {
        assert.equal(r.reason?.code, "discount_unavailable", JSON.stringify(r));
        assert.equal(r.reason?.message, `Code "${code}" has been used up`);
      }
      assert.equal((await codeRow(code)).redemptions, 3);
      const charged = await p.db.payments<{ amount: string; status: string }[]>`
        select amount, status from payments where order_id in ${p.db.payments(completed)}`;
      assert.deepEqual(charged.map((c) => [Number(c.amount), c.status]), [
        [1500, "succeeded"],
        [1500, "succeeded"],
        [1500, "succeeded"],
      ]);
      const done = await view(buyers[0]!.token, accepted[0]!).catch(() => null);
      if (done?.status === "COMPLETED") assert.equal(done.lines[0].discount, 500);

      // A redemption is counted once per order, however often it is asked for, and given
      // back once.
      const once = `ONCE-${crypto.randomUUID().slice(0, 6).toUpperCase()}`;
      const onceCode = await call("POST", `${catalog}/api/discounts`, creator.token, {
        code: once,
        amountOff: EUR(300),
        maxRedemptions: 1,
      });
      assert.equal(onceCode.status, 201, JSON.stringify(onceCode.body));
      const token = (await loadDevEnv()).INTERNAL_TOKEN ?? DEV_INTERNAL_TOKEN;
      const internal = (path: string, body?: unknown) =>
        fetch(`${catalog}${path}`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-internal-token": token },
          body: body === undefined ? undefined : JSON.stringify(body),
        }).then(async (res) => ({ status: res.status, body: await res.json() }));
      const orderId = crypto.randomUUID();
      const lines = [{ productId: course.id, quantity: 1, unitAmount: 2000, currency: "EUR" }];
      const first = await internal("/api/redemptions", { orderId, code: once, lines });
      const again = await internal("/api/redemptions", { orderId, code: once, lines });
      assert.equal(first.status, 200, JSON.stringify(first.body));
      assert.deepEqual(again.body, first.body);
      assert.deepEqual(first.body.discount, EUR(300));
      assert.equal((await codeRow(once)).redemptions, 1);
      const another = await internal("/api/redemptions", {
        orderId: crypto.randomUUID(),
        code: once,
        lines,
      });
      assert.equal(another.status, 422);
      assert.equal(another.body.errors[0].message, `Code "${once}" has been used up`);
      for (let i = 0; i < 2; i++) {
        const released = await internal(`/api/redemptions/${orderId}/release`);
        assert.equal(released.body.status, "released");
      }
      assert.equal((await codeRow(once)).redemptions, 0);

      // Expired and deactivated codes say so.
      const late = `LATE-${crypto.randomUUID().slice(0, 6).toUpperCase()}`;
      const lateCode = await call("POST", `${catalog}/api/discounts`, creator.token, {
        code: late,
        amountOff: EUR(300),
      });
      assert.equal(lateCode.status, 201, JSON.stringify(lateCode.body));
      await p.db.catalog`update discount_codes set expires_at = '2020-01-02T00:00:00Z'
        where code = ${late}`;
      const expired = await place(buyer.token, {
        items,
        paymentMethod: "pm_card_visa",
        discountCode: late,
      });
      assert.equal(expired.body.errors[0].message, `Code "${late}" expired on 2020-01-02`);
      const off = await call(
        "POST",
        `${catalog}/api/discounts/${lateCode.body.id}/deactivate`,
        creator.token,
      );
      assert.equal(off.body.active, false);
      const quote = await call("POST", `${catalog}/api/discounts/quote`, null, {
        code: late,
        lines: [{ productId: course.id, quantity: 1, unitAmount: 2000, currency: "EUR" }],
      });
      assert.equal(quote.body.errors[0].message, `Code "${late}" is no longer active`);
    });
  } catch (error) {
    await p.dumpLogs();
    throw error;
  }
});
