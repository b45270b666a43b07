/**
 * Runs the streaming service as its own process: `deno run -A services/streaming/main.ts`.
 * With no `DATABASE_URL` in embedded mode it keeps an embedded database under `.data/`.
 * @module
 */
import { runService } from "@marquee/runtime";
import { service } from "./service.ts";

await runService(service, {
  signals: true,
  dataDir: Deno.env.get("MARQUEE_DATA") ?? ".data/embedded",
});
