import { useEffect, useState } from "preact/hooks";
import { PASSWORD_HINT, postJson } from "./_lib/account_api.ts";
import { Field, fieldAria, FormMessage, useFocusFirstError } from "./_lib/Field.tsx";
import { type Problem, problemMessage } from "./_lib/problem.ts";

/** Sets a new password with the mailed link's token (`POST /api/auth/password/reset`). */
export default function ResetPasswordForm({ token }: { token: string }) {
  const [ready, setReady] = useState(false);
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [done, setDone] = useState(false);
  const form = useFocusFirstError(problem?.fields);
  useEffect(() => setReady(true), []);

  // A link that is incomplete, used or expired: say so plainly, and offer a new one.
  const deadLink = (message: string) => (
    <div class="form notice notice-error" role="alert">
      <p>
        {message} <a href="/forgot-password">Ask for a new reset link</a>.
      </p>
    </div>
  );
  if (!token) return deadLink("This reset link is incomplete.");
  if (done) {
    return (
      <div class="form notice notice-success" role="status">
        <p>
          Your new password is set, and every device was signed out.{" "}
          <a href="/signin">Sign in with your new password</a>.
        </p>
      </div>
    );
  }
  if (problem?.fields.token) return deadLink(`${problem.fields.token}.`);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    const result = await postJson("/api/auth/password/reset", { token, password });
    setBusy(false);
    if (result.ok) setDone(true);
    else setProblem(result.problem);
  };

  const fields = problem?.fields ?? {};
  return (
    <form ref={form} class="form" method="post" onSubmit={submit} noValidate>
      <FormMessage error={problem ? problemMessage(problem) : null} />
      <Field id="reset-password" label="New password" hint={PASSWORD_HINT} error={fields.password}>
        <input
          id="reset-password"
          name="password"
          type="password"
          autoComplete="new-password"
          minLength={10}
          required
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
          {...fieldAria("reset-password", { hint: PASSWORD_HINT, error: fields.password })}
        />
      </Field>
      <button class="button" type="submit" disabled={!ready || busy}>
        {busy ? "Saving…" : "Set new password"}
      </button>
    </form>
  );
}
