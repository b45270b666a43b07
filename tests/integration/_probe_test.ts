import { testDatabase } from "@marquee/testing";
import { USERS_MIGRATIONS } from "../../services/users/app.ts";
Deno.test("probe", async () => {
  const t0 = performance.now();
  await using db = await testDatabase([USERS_MIGRATIONS]);
  console.log("db", performance.now() - t0);
  await db
    .sql`insert into users (id,email,password_hash,display_name,roles,created_at,updated_at) values (${crypto.randomUUID()}, 'a@b.c','x','A','{buyer}', now(), now())`;
  try {
    await db
      .sql`insert into users (id,email,password_hash,display_name,roles,created_at,updated_at) values (${crypto.randomUUID()}, 'a@b.c','x','A','{buyer}', now(), now())`;
  } catch (e) {
    const x = e as Record<string, unknown>;
    console.log(x.code, x.constraint_name);
  }
  console.log(await db.sql`select * from users`);
});
