import { authPagePath } from "./next_path.ts";
import type { SessionUser } from "./session.ts";

/**
 * What personal islands show before they have a user: a polite loading line while the
 * session is being resolved, then a sign-in link when there is none.
 */
export function SessionGate(
  { user, next, purpose }: { user: SessionUser | null | undefined; next: string; purpose: string },
) {
  if (user === undefined) return <p class="loading" role="status">Loading…</p>;
  return (
    <div class="notice">
      <p>
        {`Sign in to ${purpose}. `}
        <a href={authPagePath("/signin", next)}>Sign in</a>
      </p>
    </div>
  );
}
