/**
 * `GET /api/notifications/dev/mail`: the embedded outbox folder, so a developer can read
 * the emails the platform sent. Mounted only when mail goes to that folder.
 * @module
 */
import { createRoute, createRouter, z } from "@marquee/http";
import type { MemoryMailer } from "../mail/memory_mailer.ts";
import { json } from "./_schemas.ts";

const Mail = z.object({
  messageId: z.string(),
  from: z.string(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  deliveredAt: z.string().datetime(),
}).openapi("DevMail");

/** Routes under `/api/notifications/dev`. */
export function devMailRoutes(mailer: MemoryMailer) {
  const router = createRouter();
  router.openapi(
    createRoute({
      method: "get",
      path: "/dev/mail",
      tags: ["development"],
      summary: "Emails delivered to the embedded outbox folder, newest first",
      request: { query: z.object({ to: z.string().max(320).optional() }) },
      responses: {
        200: { description: "The messages", content: json(z.object({ items: z.array(Mail) })) },
      },
    }),
    (c) => {
      const { to } = c.req.valid("query");
      const items = mailer.messages().filter((m) => to === undefined || m.to === to);
      return c.json({ items }, 200);
    },
  );
  return router;
}
