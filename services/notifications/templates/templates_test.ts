import assert from "node:assert/strict";
import { cancelledMessage } from "./cancelled.ts";
import { receiptMessage } from "./receipt.ts";
import { refundMessage } from "./refund.ts";

const ORDER = "7f3e2d1c-aaaa-4bbb-8ccc-0123456789ab";
const EVIL = `<script>alert("pwned")</script><img src=x onerror='steal()'>`;

Deno.test("receipt: lines, total, subject and library link", () => {
  const m = receiptMessage({
    name: "Ada",
    orderId: ORDER,
    lines: [
      { title: "Synthesis course", quantity: 1, unitPrice: { amount: 4900, currency: "USD" } },
      { title: "Sample pack", quantity: 2, unitPrice: { amount: 1250, currency: "USD" } },
    ],
    total: { amount: 7400, currency: "USD" },
    completedAt: "2025-03-01T10:00:00Z",
    libraryUrl: "http://localhost:8000/library",
  });
  assert.equal(m.subject, "Your Marquee receipt for order 7F3E2D1C");
  assert.match(m.text, /^Hi Ada,/);
  assert.match(m.text, /- Synthesis course x 1: \$49\.00/);
  assert.match(m.text, /- Sample pack x 2: \$25\.00/);
  assert.match(m.text, /Total: \$74\.00/);
  assert.match(m.html, /<td>Sample pack<\/td>/);
  assert.match(m.html, /\$74\.00/);
  assert.match(m.html, /href="http:\/\/localhost:8000\/library"/);
  assert.equal(m.summary, "Order 7F3E2D1C completed: 2 items, $74.00");
});

Deno.test("receipt: a malicious product title and name are escaped in the HTML", () => {
  const m = receiptMessage({
    name: `Eve "<b>"`,
    orderId: ORDER,
    lines: [{ title: EVIL, quantity: 1, unitPrice: { amount: 100, currency: "EUR" } }],
    total: { amount: 100, currency: "EUR" },
    completedAt: "2025-03-01T10:00:00Z",
    libraryUrl: "http://localhost:8000/library",
  });
  assert.ok(!m.html.includes("<script>"), "no live script tag");
  assert.ok(!m.html.includes("<img"), "no live image tag");
  assert.ok(!m.html.includes("<b>"), "the name is escaped too");
  assert.ok(
    m.html.includes(
      "&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;&lt;img src=x onerror=&#39;steal()&#39;&gt;",
    ),
  );
  assert.ok(m.text.includes(EVIL), "plain text keeps the title as written");
});

Deno.test("refund: amount, reference and subject", () => {
  const m = refundMessage({
    name: "Ada",
    orderId: ORDER,
    amount: { amount: 1999, currency: "EUR" },
    refundId: "re_<123>",
    refundedAt: "2025-03-02T08:15:00Z",
  });
  assert.equal(m.subject, "Your refund for order 7F3E2D1C");
  assert.match(m.text, /We refunded €19\.99 for order 7F3E2D1C on Mar 2, 2025, 8:15 AM UTC\./);
  assert.match(m.html, /re_&lt;123&gt;/);
  assert.equal(m.summary, "€19.99 refunded for order 7F3E2D1C");
});

Deno.test("cancelled: the reason is shown, escaped", () => {
  const m = cancelledMessage({
    name: "Ada",
    orderId: ORDER,
    total: { amount: 500, currency: "JPY" },
    reason: { code: "sold_out", message: "Sold out <sorry>" },
    cancelledAt: "2025-03-02T08:15:00Z",
  });
  assert.equal(m.subject, "Your order 7F3E2D1C was not completed");
  assert.match(m.text, /Reason: Sold out <sorry>/);
  assert.match(m.text, /\(¥500\)/);
  assert.match(m.html, /Reason: Sold out &lt;sorry&gt;/);
  assert.match(m.text, /will be refunded/);
  const refunded = cancelledMessage({
    name: "Ada",
    orderId: ORDER,
    total: { amount: 500, currency: "JPY" },
    reason: { code: "refunded", message: "Access could not be granted" },
    cancelledAt: "2025-03-02T08:15:00Z",
  });
  assert.match(refunded.text, /has been refunded/);
});
