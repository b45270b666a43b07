import { useEffect, useState } from "preact/hooks";
import { postJson } from "./_lib/account_api.ts";
import { Field, fieldAria, FormMessage, useFocusFirstError } from "./_lib/Field.tsx";
import { type Problem, problemMessage } from "./_lib/problem.ts";

/**
 * Asks for a reset link (`POST /api/auth/password/forgot`). The answer is the same whether
 * or not an account uses the address, so the page cannot tell who has an account.
 */
export default function ForgotPasswordForm() {
  const [ready, setReady] = useState(false);
  const [email, setEmail] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const form = useFocusFirstError(problem?.fields);
  useEffect(() => setReady(true), []);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    const address = email.trim();
    const result = await postJson("/api/auth/password/forgot", { email: address });
    setBusy(false);
    if (result.ok) setSentTo(address);
    else setProblem(result.problem);
  };

  if (sentTo) {
    return (
      <div class="form notice notice-success" role="status">
        <p>
          If an account uses{" "}
          <strong>{sentTo}</strong>, we sent it a link to choose a new password. The link works
          once, for 30 minutes. Check your spam folder if it does not arrive in a few minutes.
        </p>
      </div>
    );
  }
  const fields = problem?.fields ?? {};
  const error = fields.email && !email.trim() ? "Enter your email" : fields.email;
  return (
    <form ref={form} class="form" method="post" onSubmit={submit} noValidate>
      <FormMessage error={problem ? problemMessage(problem) : null} />
      <Field id="forgot-email" label="Email" error={error}>
        <input
          id="forgot-email"
          name="email"
          type="email"
          autoComplete="email"
          required
          value={email}
          onInput={(e) => setEmail(e.currentTarget.value)}
          {...fieldAria("forgot-email", { error })}
        />
      </Field>
      <button class="button" type="submit" disabled={!ready || busy}>
        {busy ? "Sending…" : "Send me a reset link"}
      </button>
    </form>
  );
}
