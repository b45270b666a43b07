import { useEffect, useState } from "preact/hooks";
import { mergeGuestCart } from "./_lib/cart.ts";
import { Field, fieldAria, FormMessage, useFocusFirstError } from "./_lib/Field.tsx";
import { authPagePath, safeNextPath } from "./_lib/next_path.ts";
import { networkProblem, type Problem, problemMessage, readProblem } from "./_lib/problem.ts";
import { signIn } from "./_lib/session.ts";

/**
 * Creates an account through `POST /api/auth/register`, signs in, then goes to `next`, or
 * to the welcome page when there is none.
 */
export default function SignUpForm({ next }: { next: string }) {
  const [ready, setReady] = useState(false);
  const [email, setEmail] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [password, setPassword] = useState("");
  const [creator, setCreator] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const form = useFocusFirstError(problem?.fields);
  useEffect(() => setReady(true), []);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    const body = {
      email: email.trim(),
      password,
      displayName: displayName.trim(),
      ...(creator ? { role: "creator" } : {}),
    };
    let failed: Problem | null = null;
    try {
      const res = await fetch("/api/auth/register", {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify(body),
      });
      if (res.ok) {
        await res.body?.cancel();
        const signedIn = await signIn(body.email, password);
        if (signedIn.ok) {
          // The guest cart joins the new account's before the next page reads it.
          await mergeGuestCart();
          // Without a `next`, the welcome page offers the first step; a creator's is in
          // the dashboard.
          location.assign(safeNextPath(next, creator ? "/dashboard/welcome" : "/welcome"));
          return;
        }
        // The account exists: signing in by hand still ends where the visitor was going.
        location.assign(authPagePath("/signin", next));
        return;
      }
      failed = await readProblem(res);
      // A taken email is about the email field.
      if (failed.status === 409) failed.fields.email ??= failed.message;
    } catch {
      failed = networkProblem();
    }
    setBusy(false);
    setProblem(failed);
  };

  const fields = problem?.fields ?? {};
  const passwordHint = "At least 10 characters; avoid common passwords and your email.";
  return (
    <form ref={form} class="form" method="post" onSubmit={submit} noValidate>
      <FormMessage error={problem ? problemMessage(problem) : null} />
      <Field id="signup-email" label="Email" error={fields.email}>
        <input
          id="signup-email"
          name="email"
          type="email"
          autoComplete="email"
          required
          value={email}
          onInput={(e) => setEmail(e.currentTarget.value)}
          {...fieldAria("signup-email", { error: fields.email })}
        />
      </Field>
      <Field id="signup-name" label="Display name" error={fields.displayName}>
        <input
          id="signup-name"
          name="displayName"
          type="text"
          autoComplete="nickname"
          maxLength={80}
          required
          value={displayName}
          onInput={(e) => setDisplayName(e.currentTarget.value)}
          {...fieldAria("signup-name", { error: fields.displayName })}
        />
      </Field>
      <Field id="signup-password" label="Password" hint={passwordHint} error={fields.password}>
        <input
          id="signup-password"
          name="password"
          type="password"
          autoComplete="new-password"
          minLength={10}
          required
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
          {...fieldAria("signup-password", { hint: passwordHint, error: fields.password })}
        />
      </Field>
      <div class="field field-check">
        <input
          id="signup-creator"
          name="role"
          type="checkbox"
          checked={creator}
          onChange={(e) => setCreator(e.currentTarget.checked)}
        />
        <label for="signup-creator">I want to sell products and go live as a creator</label>
      </div>
      <button class="button" type="submit" disabled={!ready || busy}>
        {busy ? "Creating your account…" : "Create account"}
      </button>
    </form>
  );
}
