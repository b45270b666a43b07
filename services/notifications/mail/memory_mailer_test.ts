import assert from "node:assert/strict";
import { createMemoryMailer } from "./memory_mailer.ts";

const message = (n: number) => ({
  messageId: `<${n}@marquee.local>`,
  from: "Marquee <no-reply@marquee.local>",
  to: "ada@example.com",
  subject: `Message ${n}`,
  text: "Hello",
  html: "<p>Hello</p>",
});

Deno.test("memory mailer: keeps the newest messages up to its capacity", async () => {
  const mailer = createMemoryMailer({ capacity: 2 });
  for (const n of [1, 2, 3]) await mailer.send(message(n));
  assert.deepEqual(mailer.messages().map((m) => m.subject), ["Message 3", "Message 2"]);
});
