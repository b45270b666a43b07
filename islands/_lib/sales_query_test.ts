import assert from "node:assert/strict";
import { isFiltered, NO_FILTERS, salesQuery } from "./sales_query.ts";

Deno.test("salesQuery: only the filters set, status where the route takes it", () => {
  const filters = { productId: "p1", from: "2026-01-01", to: "", status: "ANY" };
  assert.equal(
    salesQuery(filters, { tz: "Europe/Paris", withStatus: true, limit: 25 }),
    "productId=p1&from=2026-01-01&status=ANY&tz=Europe%2FParis&limit=25",
  );
  assert.equal(
    salesQuery(filters, { tz: "UTC", withStatus: false }),
    "productId=p1&from=2026-01-01&tz=UTC",
  );
  assert.equal(
    salesQuery(NO_FILTERS, { tz: "UTC", withStatus: true, cursor: "abc" }),
    "status=COMPLETED&tz=UTC&cursor=abc",
  );
});

Deno.test("isFiltered: anything beyond completed sales of every product, ever", () => {
  assert.equal(isFiltered(NO_FILTERS), false);
  assert.equal(isFiltered({ ...NO_FILTERS, to: "2026-01-02" }), true);
  assert.equal(isFiltered({ ...NO_FILTERS, status: "REFUNDED" }), true);
});
