import { useEffect, useState } from "preact/hooks";
import { mergeGuestCart } from "./_lib/cart.ts";
import { Field, fieldAria, FormMessage, useFocusFirstError } from "./_lib/Field.tsx";
import { safeNextPath } from "./_lib/next_path.ts";
import { type Problem, problemMessage } from "./_lib/problem.ts";
import { signIn } from "./_lib/session.ts";

/** Signs in through `POST /api/auth/login`, then goes to `next`. */
export default function SignInForm({ next }: { next: string }) {
  const [ready, setReady] = useState(false);
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const form = useFocusFirstError(problem?.fields);
  useEffect(() => setReady(true), []);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    const result = await signIn(email.trim(), password);
    if (result.ok) {
      // The guest cart joins the account's before the next page reads it.
      await mergeGuestCart();
      location.assign(safeNextPath(next, "/"));
      return;
    }
    setBusy(false);
    setProblem(result.problem);
  };

  const fields = problem?.fields ?? {};
  return (
    // POST without an action: before hydration the button is disabled, and a password must
    // never end up in a URL.
    <form ref={form} class="form" method="post" onSubmit={submit} noValidate>
      <FormMessage error={problem ? problemMessage(problem) : null} />
      <Field id="signin-email" label="Email" error={fields.email}>
        <input
          id="signin-email"
          name="email"
          type="email"
          autoComplete="email"
          required
          value={email}
          onInput={(e) => setEmail(e.currentTarget.value)}
          {...fieldAria("signin-email", { error: fields.email })}
        />
      </Field>
      <Field id="signin-password" label="Password" error={fields.password}>
        <input
          id="signin-password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
          {...fieldAria("signin-password", { error: fields.password })}
        />
      </Field>
      <p>
        <a href="/forgot-password">Forgot your password?</a>
      </p>
      <button class="button" type="submit" disabled={!ready || busy}>
        {busy ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
