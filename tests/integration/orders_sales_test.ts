/**
 * The sales and receipts of the orders service over HTTP on a throwaway database (real
 * PostgreSQL when the runner provides it):
 * - `GET /api/sales`: creators see the lines of their own products only, newest order first,
 *   completed orders unless asked otherwise; the cursor walks every line once; admins see
 *   every creator's lines; buyers, strangers and bad queries are refused;
 * - filters (product, days in a time zone), buyers' names from the `user.*` projection,
 *   totals per period in each currency (refunds and discounts apart), the CSV export and the
 *   seller's view of one order;
 * - `GET /api/orders/{id}/receipt.pdf`: a PDF for the buyer of a paid order only.
 */
import assert from "node:assert/strict";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { createVerifier } from "@marquee/auth";
import type { OrderLine } from "@marquee/contracts";
import { createService } from "@marquee/http";
import { createLogger } from "@marquee/log";
import { testDatabase } from "@marquee/testing";
import Papa from "papaparse";
import { decodePDFRawStream, PDFArray, PDFDocument, PDFRawStream, type PDFRef } from "pdf-lib";
import { TOPICS, UserRegistered, UserUpdated } from "@marquee/contracts";
import { createEvent, createMemoryBus, type EventDef, startConsumer } from "@marquee/events";
import { eventually } from "@marquee/testing";
import type { z } from "zod";
import { namesConsumer } from "../../services/orders/events/incoming.ts";
import { receiptRoutes } from "../../services/orders/routes/receipts.ts";
import { upsertView } from "../../services/orders/db/views.ts";
import type { SagaStatus } from "../../services/orders/domain/saga_types.ts";
import type { OrderView } from "../../services/orders/domain/view.ts";
import { salesRoutes } from "../../services/orders/routes/sales.ts";

// The orders service's migrations, as `services/orders/app.ts` names them.
const ORDERS_MIGRATIONS = {
  name: "orders",
  dir: new URL("../../services/orders/db/migrations/", import.meta.url),
};
const NOW = new Date(Date.UTC(2026, 0, 1, 12, 0));
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
  const currency = lines[0]!.unitPrice.currency;
  const subtotal = lines.reduce((n, l) => n + l.unitPrice.amount * l.quantity, 0);
  const discount = lines.reduce((n, l) => n + (l.discount ?? 0), 0);
  return {
    id: crypto.randomUUID(),
    buyerId: crypto.randomUUID(),
    status,
    lines: lines.map((l) => ({ ...l, discount: l.discount ?? 0 })),
    subtotal: { amount: subtotal, currency },
    discount: discount ? { code: "SPRING", amount: { amount: discount, currency } } : null,
    total: { amount: subtotal - discount, currency },
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
    app.route("/api/sales", salesRoutes({ sql: db.sql, verifier, clock: () => NOW }));
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

/** The sales and receipt routes on a database, served on a free port. */
function serveOrders(sql: Parameters<typeof salesRoutes>[0]["sql"]) {
  const verifier = createVerifier({ jwks, issuer: "http://localhost:8000", audience: "marquee" });
  const { app } = createService({ name: "orders", logger });
  app.route("/api/sales", salesRoutes({ sql, verifier, clock: () => NOW }));
  app.route("/api/orders", receiptRoutes({ sql, verifier, clock: () => NOW }));
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, app.fetch);
  const base = `http://127.0.0.1:${server.addr.port}`;
  const get = async (path: string, bearer?: string) => {
    const res = await fetch(`${base}${path}`, {
      headers: bearer ? { authorization: `Bearer ${bearer}` } : {},
    });
    return res;
  };
  return { get, [Symbol.asyncDispose]: () => server.shutdown() };
}

function publish<S extends z.ZodType>(
  bus: ReturnType<typeof createMemoryBus>,
  def: EventDef<string, S>,
  data: z.input<S>,
) {
  const envelope = createEvent(def, data, { source: "/marquee/test" });
  return bus.publish([{
    topic: def.topic,
    key: envelope.subject ?? "",
    value: JSON.stringify(envelope),
    headers: {},
  }]);
}

/** CSV rows by header (papaparse ships no types). */
function parseCsv(text: string) {
  return Papa.parse(text, { header: true }) as {
    data: Record<string, string>[];
    errors: unknown[];
  };
}

/** An order of `buyerId` placed `minutesAgo` before NOW. */
function placed(
  buyerId: string,
  lines: OrderLine[],
  status: SagaStatus,
  minutesAgo: number,
): OrderView {
  return { ...view(lines, status, minutesAgo), buyerId };
}

Deno.test({
  name: "sales: buyers' names, filters, totals per period, CSV and the seller's order view",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    await using db = await testDatabase([ORDERS_MIGRATIONS]);
    await using api = serveOrders(db.sql);
    const ada = crypto.randomUUID();
    const bob = crypto.randomUUID();
    const bea = crypto.randomUUID();
    const cy = crypto.randomUUID();

    // Display names arrive as the users service's events; a rename wins, a stale one does not.
    const bus = createMemoryBus();
    await bus.ensureTopics([TOPICS.users]);
    const names = await startConsumer({ ...namesConsumer(), sql: db.sql, bus, logger });
    try {
      await publish(bus, UserRegistered, {
        userId: bea,
        email: "bea@example.com",
        displayName: "Bea",
        roles: ["buyer"],
        registeredAt: "2025-12-01T00:00:00.000Z",
      });
      await publish(bus, UserUpdated, {
        userId: bea,
        displayName: "Bea Buyer",
        bio: null,
        updatedAt: "2025-12-02T00:00:00.000Z",
      });
      await publish(bus, UserUpdated, {
        userId: bea,
        displayName: "Bea Stale",
        bio: null,
        updatedAt: "2025-12-01T12:00:00.000Z",
      });
      await eventually(
        async () => {
          const rows = await db.sql`select 1 from user_names where display_name = 'Bea Buyer'`;
          return rows.length === 1;
        },
        5_000,
        "Bea's name projected",
      );
    } finally {
      await names.close();
    }

    const synths = line(ada, 'Synths, "deluxe"', 4900);
    const mixing = line(ada, '=HYPERLINK("x")', 3000, 2);
    const euro = { ...line(ada, "Euro pack", 1000), unitPrice: { amount: 1000, currency: "EUR" } };
    const discounted = {
      ...line(ada, "Synths", 4900),
      productId: synths.productId,
      discount: 900,
    };
    const orders = [
      placed(bea, [synths, line(bob, "Drums", 1500)], "COMPLETED", 10), // today
      placed(cy, [mixing], "COMPLETED", 3 * 1440), // 3 days ago
      placed(bea, [discounted], "COMPLETED", 2 * 1440),
      placed(cy, [{ ...synths }], "REFUNDED", 20 * 1440),
      placed(bea, [euro], "COMPLETED", 60 * 1440),
      placed(cy, [line(ada, "Unpaid", 700)], "AWAITING_PAYMENT", 5),
      // 02:00 UTC today is yesterday evening in New York.
      placed(bea, [line(ada, "Early bird", 100)], "COMPLETED", 600),
    ];
    await db.sql.begin(async (tx) => {
      for (const o of orders) await upsertView(tx, o);
    });
    const adaToken = await token(ada, ["buyer", "creator"]);
    const json = async (path: string, bearer = adaToken) => {
      const res = await api.get(path, bearer);
      return { status: res.status, body: await res.json() };
    };

    // Each line names its buyer (the projection's newest name), with its discount and total.
    const list = await json("/api/sales?limit=100");
    assert.equal(list.status, 200);
    const first = list.body.items[0];
    assert.equal(first.title, 'Synths, "deluxe"');
    assert.equal(first.buyerName, "Bea Buyer");
    assert.equal(first.paidAt, first.updatedAt, "paid when first written completed");
    const cheaper = list.body.items.find((s: { orderId: string }) => s.orderId === orders[2]!.id);
    assert.deepEqual(cheaper.discount, { amount: 900, currency: "USD" });
    assert.deepEqual(cheaper.lineTotal, { amount: 4000, currency: "USD" });
    assert.equal(
      list.body.items.find((s: { orderId: string }) => s.orderId === orders[1]!.id).buyerName,
      null,
      "a buyer the projection has not heard of has no name yet",
    );

    // Filters: one product, days placed (read in a time zone).
    const bySynths = await json(`/api/sales?productId=${synths.productId}&status=ANY`);
    assert.deepEqual(bySynths.body.items.map((s: { orderId: string }) => s.orderId), [
      orders[0]!.id,
      orders[2]!.id,
      orders[3]!.id,
    ]);
    const days = await json("/api/sales?from=2025-12-29&to=2025-12-31");
    assert.deepEqual(days.body.items.map((s: { title: string }) => s.title), [
      "Synths",
      '=HYPERLINK("x")',
    ]);
    const nyToday = await json("/api/sales?from=2026-01-01&tz=America/New_York");
    assert.deepEqual(nyToday.body.items.map((s: { title: string }) => s.title), [
      'Synths, "deluxe"',
    ]);
    const utcToday = await json("/api/sales?from=2026-01-01");
    assert.deepEqual(utcToday.body.items.map((s: { title: string }) => s.title), [
      'Synths, "deluxe"',
      "Early bird",
    ]);

    // Totals per period, in each currency; refunds and discounts apart; unpaid left out.
    const summary = await json("/api/sales/summary?from=2025-12-29&to=2025-12-31");
    assert.equal(summary.status, 200);
    const period = (key: string) =>
      summary.body.periods.find((p: { key: string }) => p.key === key).totals;
    assert.deepEqual(period("today"), [{
      currency: "USD",
      sales: 2,
      units: 2,
      gross: 5000,
      discounts: 0,
      refunds: 0,
      net: 5000,
    }]);
    assert.deepEqual(period("7d")[0], {
      currency: "USD",
      sales: 4,
      units: 5,
      gross: 5000 + 6000 + 4900,
      discounts: 900,
      refunds: 0,
      net: 5000 + 6000 + 4000,
    });
    assert.deepEqual(period("30d")[0].refunds, 4900);
    assert.deepEqual(period("30d")[0].net, 15000);
    assert.deepEqual(period("all").map((t: { currency: string }) => t.currency), ["EUR", "USD"]);
    assert.deepEqual(period("all")[0], {
      currency: "EUR",
      sales: 1,
      units: 1,
      gross: 1000,
      discounts: 0,
      refunds: 0,
      net: 1000,
    });
    assert.deepEqual(period("range")[0].sales, 2);
    const range = summary.body.periods.find((p: { key: string }) => p.key === "range");
    assert.equal(range.from, "2025-12-29T00:00:00.000Z");
    assert.equal(range.to, "2026-01-01T00:00:00.000Z");
    const ny = await json("/api/sales/summary?tz=America/New_York");
    assert.equal(ny.body.periods[0].from, "2026-01-01T05:00:00.000Z");
    assert.equal(ny.body.periods[0].totals[0].sales, 1);
    const oneProduct = await json(`/api/sales/summary?productId=${synths.productId}`);
    assert.equal(oneProduct.body.periods[3].totals[0].sales, 3);

    // Bad filters name their field.
    for (
      const [query, field] of [
        ["from=2026-02-30", "query.from"],
        ["to=yesterday", "query.to"],
        ["from=2026-01-02&to=2026-01-01", "query.to"],
        ["tz=Mars/Olympus", "query.tz"],
        ["tz=%2B05:00", "query.tz"],
        ["from=0000-01-01", "query.from"],
        ["productId=synths", "query.productId"],
      ]
    ) {
      for (const path of ["/api/sales", "/api/sales/summary", "/api/sales/export.csv"]) {
        const bad = await json(`${path}?${query}`);
        assert.equal(bad.status, 422, `${path}?${query}`);
        assert.equal(bad.body.errors[0].field, field, `${path}?${query}`);
      }
    }

    // The CSV: quoted fields, formulae defused, amounts in the currency's decimals.
    const csv = await api.get(`/api/sales/export.csv?status=ANY`, adaToken);
    assert.equal(csv.status, 200);
    assert.equal(csv.headers.get("content-type"), "text/csv; charset=utf-8");
    assert.match(
      csv.headers.get("content-disposition") ?? "",
      /^attachment; filename="marquee-sales-2026-01-01\.csv"$/,
    );
    const text = await csv.text();
    assert.ok(text.includes('"Synths, ""deluxe"""'), "a comma and quotes are quoted");
    const parsed = parseCsv(text);
    assert.deepEqual(parsed.errors, []);
    assert.equal(parsed.data.length, 7);
    assert.equal(parsed.data[0]!.Status, "AWAITING_PAYMENT", "newest first, any status asked");
    assert.deepEqual(parsed.data[1], {
      Date: orders[0]!.placedAt,
      Order: orders[0]!.id,
      Status: "COMPLETED",
      Buyer: "Bea Buyer",
      Product: 'Synths, "deluxe"',
      "Product ID": synths.productId,
      Quantity: "1",
      "Unit price": "49.00",
      Discount: "0.00",
      Total: "49.00",
      Currency: "USD",
    });
    const formula = parsed.data.find((r) => r["Product ID"] === mixing.productId)!;
    assert.equal(formula.Product, '\'=HYPERLINK("x")');
    assert.equal(formula.Total, "60.00");
    assert.equal(parsed.data.find((r) => r.Order === orders[2]!.id)!.Discount, "9.00");
    const filtered = parseCsv(
      await (await api.get(`/api/sales/export.csv?productId=${mixing.productId}`, adaToken))
        .text(),
    );
    assert.deepEqual(filtered.data.map((r) => r.Order), [orders[1]!.id]);

    // One order as its seller sees it: their lines only; others' orders are not found.
    const mine = await json(`/api/sales/orders/${orders[0]!.id}`);
    assert.equal(mine.status, 200);
    assert.equal(mine.body.buyerName, "Bea Buyer");
    assert.deepEqual(mine.body.lines.map((l: { title: string }) => l.title), [
      'Synths, "deluxe"',
    ]);
    assert.deepEqual(mine.body.total, { amount: 4900, currency: "USD" });
    const bobToken = await token(bob, ["creator"]);
    assert.deepEqual(
      (await json(`/api/sales/orders/${orders[0]!.id}`, bobToken)).body.lines.map((
        l: { title: string },
      ) => l.title),
      ["Drums"],
    );
    assert.equal((await json(`/api/sales/orders/${orders[1]!.id}`, bobToken)).status, 404);
    assert.equal((await json(`/api/sales/orders/${crypto.randomUUID()}`)).status, 404);
    const asBuyer = await json(`/api/sales/orders/${orders[0]!.id}`, await token(bea, ["buyer"]));
    assert.equal(asBuyer.status, 403);
    assert.equal((await json(`/api/sales/summary`, await token(bea, ["buyer"]))).status, 403);
  },
});

/** The text a page of `pdf` draws (pdf-lib writes standard-font text as hex strings). */
function pageText(pdf: PDFDocument): string {
  const contents = pdf.getPage(0).node.Contents();
  const refs = contents instanceof PDFArray ? contents.asArray() : [contents];
  return refs.map((ref) => {
    const stream = ref instanceof PDFRawStream ? ref : pdf.context.lookup(ref as PDFRef);
    if (!(stream instanceof PDFRawStream)) return "";
    const ops = new TextDecoder("latin1").decode(decodePDFRawStream(stream).decode());
    return [...ops.matchAll(/<([0-9A-F]*)> Tj/g)].map(([, hex]) =>
      String.fromCharCode(...(hex!.match(/../g) ?? []).map((h) => parseInt(h, 16)))
    ).join("\n");
  }).join("\n");
}

Deno.test({
  name: "receipts: the buyer of a paid order gets a PDF; others get 404, unpaid orders 409",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    await using db = await testDatabase([ORDERS_MIGRATIONS]);
    await using api = serveOrders(db.sql);
    const ada = crypto.randomUUID();
    const bea = crypto.randomUUID();
    await db.sql`insert into user_names (user_id, display_name, updated_at) values
      (${ada}, 'Ada Lovelace', now()), (${bea}, 'Bea Zoë Buyer ☃', now())`;
    const paid = placed(
      bea,
      [
        line(ada, "Modular synthesis, the long course with a very long title indeed", 4900, 2),
        { ...line(ada, "Samples", 1000), discount: 250 },
      ],
      "COMPLETED",
      30,
    );
    const unpaid = placed(bea, [line(ada, "Later", 1000)], "AWAITING_PAYMENT", 5);
    await db.sql.begin(async (tx) => {
      await upsertView(tx, paid);
      await upsertView(tx, unpaid);
    });
    const beaToken = await token(bea, ["buyer"]);

    const res = await api.get(`/api/orders/${paid.id}/receipt.pdf`, beaToken);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "application/pdf");
    assert.match(
      res.headers.get("content-disposition") ?? "",
      /^attachment; filename="marquee-receipt-[0-9a-f]{8}\.pdf"$/,
    );
    const bytes = new Uint8Array(await res.arrayBuffer());
    assert.equal(new TextDecoder().decode(bytes.slice(0, 5)), "%PDF-");
    const pdf = await PDFDocument.load(bytes);
    assert.equal(pdf.getPageCount(), 1);
    assert.equal(pdf.getTitle(), `Marquee receipt for order ${paid.id}`);
    const text = pageText(pdf);
    for (
      const expected of [
        paid.id,
        "Bea Zoë Buyer ?",
        "Sold by Ada Lovelace",
        "Paid on",
        "2026-01-01 11:30 UTC",
        "$98.00",
        "Discount (SPRING)",
        "-$2.50",
        "Total paid",
      ]
    ) assert.ok(text.includes(expected), `receipt shows "${expected}":\n${text}`);

    // Others: the same 404 as for no order; unpaid orders have none; bad ids name the field.
    const stranger = await token(crypto.randomUUID(), ["buyer"]);
    assert.equal((await api.get(`/api/orders/${paid.id}/receipt.pdf`, stranger)).status, 404);
    const seller = await token(ada, ["creator"]);
    assert.equal((await api.get(`/api/orders/${paid.id}/receipt.pdf`, seller)).status, 404);
    const none = await api.get(`/api/orders/${crypto.randomUUID()}/receipt.pdf`, beaToken);
    assert.equal(none.status, 404);
    assert.equal(none.headers.get("content-type"), "application/problem+json");
    await none.body?.cancel();
    const early = await api.get(`/api/orders/${unpaid.id}/receipt.pdf`, beaToken);
    assert.equal(early.status, 409);
    await early.body?.cancel();
    assert.equal((await api.get(`/api/orders/${paid.id}/receipt.pdf`)).status, 401);
    const bad = await api.get(`/api/orders/not-an-id/receipt.pdf`, beaToken);
    assert.equal(bad.status, 422);
    assert.equal((await bad.json()).errors[0].field, "param.id");
  },
});
