/**
 * Queries on the `login_failures` table: one row per failed login per counter.
 * @module
 */
import type { Sql } from "@marquee/db";
import type { RecentFailures } from "../domain/login_throttle.ts";

/** Who a login attempt is counted against. */
export interface LoginSubjects {
  email: string;
  address: string;
}

/** The newest failures since `since`, at most `limits` of each counter. */
export async function recentFailures(
  sql: Sql,
  subjects: LoginSubjects,
  since: Date,
  limits: { email: number; address: number },
): Promise<RecentFailures> {
  const read = async (kind: "email" | "address", subject: string, limit: number) => {
    const rows = await sql<{ failedAt: Date }[]>`select failed_at from login_failures
      where kind = ${kind} and subject = ${subject} and failed_at > ${since}
      order by failed_at desc limit ${limit}`;
    return rows.map((r) => r.failedAt);
  };
  return {
    email: await read("email", subjects.email, limits.email),
    address: await read("address", subjects.address, limits.address),
  };
}

/** Records one failure against both counters and drops rows that left the window. */
export async function recordFailure(
  sql: Sql,
  subjects: LoginSubjects,
  at: Date,
  windowStart: Date,
): Promise<void> {
  await sql`insert into login_failures (kind, subject, failed_at)
    values ('email', ${subjects.email}, ${at}), ('address', ${subjects.address}, ${at})`;
  await sql`delete from login_failures where failed_at <= ${windowStart}`;
}

/**
 * Forgets an email's failures after a successful login. The address counter stays: one
 * valid account must not let an attacker reset it while guessing others.
 */
export async function clearEmailFailures(sql: Sql, email: string): Promise<void> {
  await sql`delete from login_failures where kind = 'email' and subject = ${email}`;
}
