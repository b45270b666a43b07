/**
 * `deno task db:migrate`: applies each service's migrations to its real database.
 * Services also migrate at start-up; this is for deploy pipelines and operators.
 * @module
 */
import { createPool, migrate } from "@marquee/db";
import { KIT_MIGRATIONS } from "@marquee/events";
import { serversEnv, SERVICES } from "./services.ts";

for (const s of SERVICES) {
  const url = Deno.env.get(`${s.name.toUpperCase()}_DATABASE_URL`) ?? serversEnv(s).DATABASE_URL!;
  const { service } = await import(s.module);
  const sql = createPool(url, { max: 1 });
  try {
    const applied = await migrate(sql, [KIT_MIGRATIONS, service.migrations]);
    console.log(`${s.name}: ${applied.length ? applied.join(", ") : "up to date"}`);
  } finally {
    await sql.end();
  }
}
