import assert from "node:assert/strict";
import { createLogger } from "@marquee/log";
import { createRoute, createRouter, createService, fieldErrors, z } from "./mod.ts";

const Signup = z.object({
  displayName: z.string().trim().min(1).max(80).meta({ title: "Your name" }),
  email: z.string().email(),
  password: z.string().min(10),
  bio: z.string().max(3).optional(),
  quantity: z.number().int().min(1).max(20),
  tags: z.array(z.string()).max(2),
  role: z.enum(["buyer", "creator"]).optional(),
  slug: z.string().regex(/^[a-z]+$/, "Must be lowercase letters").optional(),
});

const messages = (input: unknown) => {
  const result = Signup.safeParse(input);
  assert.ok(!result.success);
  return Object.fromEntries(fieldErrors(result.error, "body").map((e) => [e.field, e.message]));
};

Deno.test("zod's issues read as plain sentences built from the field's label", () => {
  assert.deepEqual(
    messages({
      displayName: "  ",
      email: "nope",
      password: "short",
      bio: "longer",
      quantity: 21,
      tags: ["a", "b", "c"],
      role: "admin",
      slug: "NO",
    }),
    {
      "body.displayName": "Enter your name",
      "body.email": "Enter an email address such as name@example.com",
      "body.password": "Use at least 10 characters",
      "body.bio": "Use at most 3 characters",
      "body.quantity": "Enter a quantity of at most 20",
      "body.tags": "Use at most 2 items",
      "body.role": 'Choose one of "buyer", "creator"',
      "body.slug": "Must be lowercase letters",
    },
  );
});

Deno.test("missing and mistyped fields say what to enter", () => {
  assert.deepEqual(messages({ quantity: 1.5, tags: [] }), {
    "body.displayName": "Enter your name",
    "body.email": "Enter an email",
    "body.password": "Enter a password",
    "body.quantity": "Enter a whole number for quantity",
  });
  assert.equal(messages({ quantity: 0 })["body.quantity"], "Enter a quantity of at least 1");
});

Deno.test("a router's 422 problem keeps naming the field, now in plain words", async () => {
  const router = createRouter();
  router.openapi(
    createRoute({
      method: "post",
      path: "/",
      request: { body: { content: { "application/json": { schema: Signup } } } },
      responses: { 201: { description: "Created" } },
    }),
    (c) => c.json({}, 201),
  );
  const logger = createLogger({ service: "test", sink: () => {} });
  const { app } = createService({ name: "test", logger, bodyLimitBytes: 1024, checks: {} });
  app.route("/signup", router);
  const res = await app.request("/signup", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      displayName: "",
      email: "a@b.co",
      password: "0123456789",
      quantity: 1,
      tags: [],
    }),
  });
  assert.equal(res.status, 422);
  const body = await res.json();
  assert.deepEqual(body.errors, [{ field: "body.displayName", message: "Enter your name" }]);
});
