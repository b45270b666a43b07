import assert from "node:assert/strict";
import { compareRoutes, isRouteFile, routeTable, toPattern } from "./routes.ts";

Deno.test("file paths map to Hono patterns; index files and groups add no segment", () => {
  assert.equal(toPattern("./routes/index.tsx"), "/");
  assert.equal(toPattern("./routes/products/index.tsx"), "/products");
  assert.equal(toPattern("./routes/products/[slug].tsx"), "/products/:slug");
  assert.equal(toPattern("./routes/(shop)/cart.tsx"), "/cart");
  assert.equal(toPattern("./routes/docs/[...rest].tsx"), "/docs/:rest{.+}");
  assert.throws(() => toPattern("./routes/a[b].tsx"), /malformed segment/);
});

Deno.test("private folders, helpers and tests are never routes", () => {
  assert.ok(isRouteFile("./routes/_app.tsx"));
  assert.ok(isRouteFile("./routes/a/_middleware.ts"));
  assert.ok(!isRouteFile("./routes/(_components)/Card.tsx"));
  assert.ok(!isRouteFile("./routes/(_lib)/catalog.ts"));
  assert.ok(!isRouteFile("./routes/_helpers.ts"));
  assert.ok(!isRouteFile("./routes/index_test.ts"));
  assert.ok(!isRouteFile("./routes/types.d.ts"));
  assert.ok(!isRouteFile("./routes/readme.md"));
});

Deno.test("static segments match before dynamic ones, catch-alls last", () => {
  const files = [
    "./routes/[...rest].tsx",
    "./routes/products/[slug].tsx",
    "./routes/products/new.tsx",
    "./routes/index.tsx",
    "./routes/[page].tsx",
  ];
  assert.deepEqual(files.sort(compareRoutes), [
    "./routes/index.tsx",
    "./routes/products/new.tsx",
    "./routes/products/[slug].tsx",
    "./routes/[page].tsx",
    "./routes/[...rest].tsx",
  ]);
});

Deno.test("two files for one pattern are refused", () => {
  const page = { default: () => null };
  assert.throws(
    () =>
      routeTable({
        routes: { "./routes/a.tsx": page, "./routes/(g)/a.tsx": page },
        islands: {},
      }),
    /both match "\/a"/,
  );
});
