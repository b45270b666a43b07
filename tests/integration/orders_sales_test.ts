/**
 * `GET /api/sales` of the orders service over HTTP on a throwaway database (real PostgreSQL
 * when the runner provides it): creators see the lines of their own products only, newest
 * order first, completed orders unless asked otherwise; the cursor walks every line once;
 * admins see every creator's lines; buyers, strangers and bad queries are refused.
 */
import assert from "node:assert/strict";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { createVerifier } from "@marquee/auth";
import type { OrderLine } from "@marquee/contracts";
import { createService } from "@marquee/http";
import { createLogger } from "@marquee/log";
import { testDatabase } from "@marquee/testing";
import { upsertView } from "../../services/orders/db/views.ts";
import type { SagaStatus } from "../../services/orders/domain/saga_types.ts";
import type { OrderView } from "../../services/orders/domain/view.ts";
import { salesRoutes } from "../../services/orders/routes/sales.ts";

// The orders service's migrations, as `services/orders/app.ts` names them.
const ORDERS_MIGRATIONS = {
  name: "orders",
  dir: new URL("../../services/orders/db/migrations/", import.meta.url),
};
const logger = createLogger({ service: "orders", level: "error", sink: () => {} });
const { privateKey, publicKey } = await generateKeyPair("EdDSA", { extractable: true });
const jwks = { keys: [{ ...await exportJWK(publicKey), kid: "k1", alg: "EdDSA", use: "sig" }] };

function token(userId: string, roles: string[]): Promise<string> {
  return new SignJWT({ sub: userId, roles })
    .setProtectedHeader({ alg: "EdDSA", kid: "k1" })
    .setIssuer("http://localhost:8000")
    .setAudience("marquee")
    .setIssuedAt()
    .setExpirationTime("10m")
    .sign(privateKey);
}

const line = (creatorId: string, title: string, amount: number, quantity = 1): OrderLine => ({
  productId: crypto.randomUUID(),
  title,
  type: "course",
  creatorId,
  quantity,
  unitPrice: { amount, currency: "USD" },
  licenceKeys: [],
});

function view(lines: OrderLine[], status: SagaStatus, minutesAgo: number): OrderView {
  const at = new Date(Date.UTC(2026, 0, 1, 12, 0) - minutesAgo * 60_000).toISOString();
  return {
    id: crypto.randomUUID(),
    buyerId: crypto.randomUUID(),
    status,
    lines,
    total: {
      amount: lines.reduce((n, l) => n + l.unitPrice.amount * l.quantity, 0),
      currency: "USD",
    },
    paymentMethod: "pm_card_visa",
    paymentId: null,
    reason: null,
    placedAt: at,
    updatedAt: at,
    version: 3,
  };
}

Deno.test({
  name: "sales: creators see their own lines, newest first, paged; admins see all",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    await using db = await testDatabase([ORDERS_MIGRATIONS]);
    const verifier = createVerifier({
      jwks,
      issuer: "http://localhost:8000",
      audience: "marquee",
    });
    const { app } = createService({ name: "orders", logger });
    app.route("/api/sales", salesRoutes({ sql: db.sql, verifier }));
    const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, app.fetch);
    const base = `http://127.0.0.1:${server.addr.port}`;
    try {
      const ada = crypto.randomUUID();
      const bob = crypto.randomUUID();
      const orders = [
        view([line(ada, "Synths", 4900), line(bob, "Drums", 1500)], "COMPLETED", 30),
        view([line(bob, "Bass", 2000)], "COMPLETED", 20),
        view([line(ada, "Mixing", 3000, 2)], "COMPLETED", 10),
        view([line(ada, "Pending course", 1000)], "AWAITING_PAYMENT", 5),
        view([line(ada, "Declined course", 1000)], "CANCELLED", 1),
      ];
      await db.sql.begin(async (tx) => {
        for (const o of orders) await upsertView(tx, o);
      });

      const get = async (path: string, bearer?: string) => {
        const res = await fetch(`${base}${path}`, {
          headers: bearer ? { authorization: `Bearer ${bearer}` } : {},
        });
        return { status: res.status, headers: res.headers, body: await res.json() };
      };
      const adaToken = await token(ada, ["buyer", "creator"]);

      // Completed lines of Ada's products only, newest order first.
      const mine = await get("/api/sales", adaToken);
      assert.equal(mine.status, 200);
      assert.equal(mine.headers.get("cache-control"), "private, no-store");
      assert.deepEqual(mine.body.items.map((s: { title: string }) => s.title), [
        "Mixing",
        "Synths",
      ]);
      assert.deepEqual(mine.body.items[0].lineTotal, { amount: 6000, currency: "USD" });
      assert.equal(mine.body.items[0].orderId, orders[2]!.id);
      assert.equal(mine.body.nextCursor, null);

      // Any status on request.
      const any = await get("/api/sales?status=ANY", adaToken);
      assert.deepEqual(any.body.items.map((s: { title: string }) => s.title), [
        "Declined course",
        "Pending course",
        "Mixing",
        "Synths",
      ]);
      const cancelled = await get("/api/sales?status=CANCELLED", adaToken);
      assert.deepEqual(cancelled.body.items.map((s: { status: string }) => s.status), [
        "CANCELLED",
      ]);

      // The cursor walks every line once.
      const seen: string[] = [];
      let cursor: string | null = "";
      while (cursor !== null) {
        const q: string = cursor ? `&cursor=${cursor}` : "";
        const page = await get(`/api/sales?status=ANY&limit=1${q}`, adaToken);
        assert.equal(page.status, 200);
        assert.ok(page.body.items.length <= 1);
        seen.push(...page.body.items.map((s: { title: string }) => s.title));
        cursor = page.body.nextCursor;
      }
      assert.deepEqual(seen, any.body.items.map((s: { title: string }) => s.title));

      // Admins see every creator's lines, or one creator's.
      const adminToken = await token(crypto.randomUUID(), ["admin"]);
      const all = await get("/api/sales?limit=100", adminToken);
      assert.deepEqual(all.body.items.map((s: { title: string }) => s.title), [
        "Mixing",
        "Bass",
        "Synths",
        "Drums",
      ]);
      const bobs = await get(`/api/sales?creatorId=${bob}`, adminToken);
      assert.deepEqual(bobs.body.items.map((s: { title: string }) => s.title), ["Bass", "Drums"]);

      // Refusals.
      assert.equal((await get("/api/sales")).status, 401);
      const buyer = await get("/api/sales", await token(crypto.randomUUID(), ["buyer"]));
      assert.equal(buyer.status, 403);
      const forged = await get(`/api/sales?creatorId=${bob}`, adaToken);
      assert.equal(forged.status, 422);
      assert.equal(forged.body.errors[0].field, "query.creatorId");
      const badCursor = await get("/api/sales?cursor=not-a-cursor", adaToken);
      assert.equal(badCursor.status, 422);
      assert.equal(badCursor.body.errors[0].field, "query.cursor");
      const badStatus = await get("/api/sales?status=SHIPPED", adaToken);
      assert.equal(badStatus.status, 422);
      assert.equal(badStatus.body.errors[0].field, "query.status");
      const badLimit = await get("/api/sales?limit=0", adaToken);
      assert.equal(badLimit.status, 422);
      assert.equal(badLimit.body.errors[0].field, "query.limit");
    } finally {
      await server.shutdown();
    }
  },
});
