import { useEffect, useState } from "preact/hooks";
import { postJson } from "./_lib/account_api.ts";
import type { Problem } from "./_lib/problem.ts";

interface Verified {
  email: string;
  changed: boolean;
}

/**
 * Confirms an address with the mailed link's token (`POST /api/auth/email/verify`). It
 * runs in the page, not on the GET: mail scanners that open links do not use up the token.
 */
export default function VerifyEmail({ token }: { token: string }) {
  const [result, setResult] = useState<Verified | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  useEffect(() => {
    if (!token) return;
    void postJson<Verified>("/api/auth/email/verify", { token }).then((r) => {
      if (r.ok) setResult(r.body);
      else setProblem(r.problem);
    });
  }, [token]);

  if (!token || problem) {
    const why = !token
      ? "This link is incomplete."
      : `${problem!.fields.token ?? problem!.message}.`;
    return (
      <div class="notice notice-error" role="alert">
        <p>
          {why} You can ask for a new link on <a href="/account">your account page</a>.
        </p>
      </div>
    );
  }
  if (!result) return <p class="loading" role="status">Confirming your email…</p>;
  return (
    <div class="stack">
      <div class="notice notice-success" role="status">
        <p>
          {result.changed
            ? (
              <>
                Your email is now <strong>{result.email}</strong>. Sign in with it from now on.
              </>
            )
            : (
              <>
                Thanks, <strong>{result.email}</strong> is confirmed.
              </>
            )}
        </p>
      </div>
      <p class="actions">
        <a class="button" href="/account">Go to your account</a>
        <a class="button button-quiet" href="/products">Browse the store</a>
      </p>
    </div>
  );
}
