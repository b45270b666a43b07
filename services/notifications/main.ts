/**
 * Runs the notifications service as its own process:
 * `deno run -A services/notifications/main.ts`. With no `DATABASE_URL` in embedded mode it
 * keeps an embedded database under `.data/`, and emails go to the in-memory outbox folder.
 * @module
 */
import { runService } from "@marquee/runtime";
import { service } from "./service.ts";

await runService(service, {
  signals: true,
  dataDir: Deno.env.get("MARQUEE_DATA") ?? ".data/embedded",
});
