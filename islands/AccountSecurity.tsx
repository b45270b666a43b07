import { useEffect, useState } from "preact/hooks";
import { PASSWORD_HINT, postJson } from "./_lib/account_api.ts";
import { Field, fieldAria, FormMessage, useFocusFirstError } from "./_lib/Field.tsx";
import { networkProblem, type Problem, problemMessage } from "./_lib/problem.ts";
import { authFetch, currentUser, loadSession } from "./_lib/session.ts";

interface Me {
  email: string;
  emailVerified: boolean;
  pendingEmail: string | null;
}

/** The messages of one form: its problem and what succeeded. */
function useForm() {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const ref = useFocusFirstError(problem?.fields);
  const start = () => {
    setBusy(true);
    setProblem(null);
    setSaved(null);
  };
  const finish = (outcome: { problem?: Problem; saved?: string }) => {
    setBusy(false);
    setProblem(outcome.problem ?? null);
    setSaved(outcome.saved ?? null);
  };
  const fields = problem?.fields ?? {};
  const message = problem ? problemMessage(problem) : null;
  return { busy, fields, message, saved, ref, start, finish };
}

/** The account's email (confirmed or not, with a new link on request) and password. */
export default function AccountSecurity() {
  const [me, setMe] = useState<Me | null>(null);
  const [newEmail, setNewEmail] = useState("");
  const [emailPassword, setEmailPassword] = useState("");
  const [currentPassword, setCurrentPassword] = useState("");
  const [newPassword, setNewPassword] = useState("");
  const status = useForm();
  const email = useForm();
  const password = useForm();

  const reload = async () => {
    try {
      const res = await authFetch("/api/me");
      if (res.ok) setMe(await res.json());
      else await res.body?.cancel();
    } catch {
      status.finish({ problem: networkProblem() });
    }
  };
  useEffect(() => {
    void loadSession().then((user) => user && reload());
  }, []);

  // The profile island above says how to sign in; this one waits for a user.
  if (!currentUser.value || !me) return null;

  const resend = async () => {
    status.start();
    const r = await postJson<{ sentTo: string }>("/api/me/email/verification", {}, {
      auth: true,
    });
    if (r.ok) status.finish({ saved: `We sent a new link to ${r.body.sentTo}.` });
    else status.finish({ problem: r.problem });
  };

  const changeEmail = async (event: Event) => {
    event.preventDefault();
    email.start();
    const r = await postJson<{ pendingEmail: string }>("/api/me/email", {
      newEmail: newEmail.trim(),
      currentPassword: emailPassword,
    }, { auth: true });
    if (!r.ok) return email.finish({ problem: r.problem });
    setMe({ ...me, pendingEmail: r.body.pendingEmail });
    setNewEmail("");
    setEmailPassword("");
    // The notice of the pending address, a live region, says what happens next.
    email.finish({});
  };

  const changePassword = async (event: Event) => {
    event.preventDefault();
    password.start();
    const r = await postJson("/api/me/password", { currentPassword, newPassword }, {
      auth: true,
    });
    if (!r.ok) return password.finish({ problem: r.problem });
    setCurrentPassword("");
    setNewPassword("");
    password.finish({
      saved: "Your password was changed. Every other device was signed out.",
    });
  };

  const missing = (value: string, error: string | undefined, empty: string) =>
    error && !value.trim() ? empty : error;
  const newEmailError = missing(newEmail, email.fields.newEmail, "Enter your new email");
  const emailPasswordError = missing(
    emailPassword,
    email.fields.currentPassword,
    "Enter your current password",
  );
  const currentError = missing(
    currentPassword,
    password.fields.currentPassword,
    "Enter your current password",
  );
  const newPasswordError = missing(
    newPassword,
    password.fields.newPassword,
    "Enter a new password",
  );

  return (
    <>
      <section class="stack" aria-labelledby="account-email-heading">
        <h2 id="account-email-heading">Email</h2>
        <FormMessage error={status.message} success={status.saved} />
        <p>
          <strong>{me.email}</strong> {me.emailVerified
            ? <span class="badge">Confirmed</span>
            : <span class="badge badge-warning">Not confirmed</span>}
        </p>
        {me.emailVerified ? null : (
          <p class="actions">
            <span>Follow the link we emailed you to confirm it.</span>
            <button
              class="button button-quiet"
              type="button"
              disabled={status.busy}
              onClick={resend}
            >
              {status.busy ? "Sending…" : "Resend the link"}
            </button>
          </p>
        )}
        <div role="status">
          {me.pendingEmail
            ? (
              <p class="notice">
                We sent a link to{" "}
                <strong>{me.pendingEmail}</strong>. Your email changes to it when you follow the
                link; until then it stays {me.email}.
              </p>
            )
            : null}
        </div>
        <form ref={email.ref} class="form" onSubmit={changeEmail} noValidate>
          <FormMessage error={email.message} success={email.saved} />
          <Field id="account-new-email" label="New email" error={newEmailError}>
            <input
              id="account-new-email"
              type="email"
              autoComplete="email"
              required
              value={newEmail}
              onInput={(e) => setNewEmail(e.currentTarget.value)}
              {...fieldAria("account-new-email", { error: newEmailError })}
            />
          </Field>
          <Field id="account-email-password" label="Current password" error={emailPasswordError}>
            <input
              id="account-email-password"
              type="password"
              autoComplete="current-password"
              required
              value={emailPassword}
              onInput={(e) => setEmailPassword(e.currentTarget.value)}
              {...fieldAria("account-email-password", { error: emailPasswordError })}
            />
          </Field>
          <button class="button" type="submit" disabled={email.busy}>
            {email.busy ? "Sending…" : "Change email"}
          </button>
        </form>
      </section>
      <section class="stack" aria-labelledby="account-password-heading">
        <h2 id="account-password-heading">Password</h2>
        <form ref={password.ref} class="form" onSubmit={changePassword} noValidate>
          <FormMessage error={password.message} success={password.saved} />
          <Field id="account-current-password" label="Current password" error={currentError}>
            <input
              id="account-current-password"
              type="password"
              autoComplete="current-password"
              required
              value={currentPassword}
              onInput={(e) => setCurrentPassword(e.currentTarget.value)}
              {...fieldAria("account-current-password", { error: currentError })}
            />
          </Field>
          <Field
            id="account-new-password"
            label="New password"
            hint={PASSWORD_HINT}
            error={newPasswordError}
          >
            <input
              id="account-new-password"
              type="password"
              autoComplete="new-password"
              minLength={10}
              required
              value={newPassword}
              onInput={(e) => setNewPassword(e.currentTarget.value)}
              {...fieldAria("account-new-password", {
                hint: PASSWORD_HINT,
                error: newPasswordError,
              })}
            />
          </Field>
          <button class="button" type="submit" disabled={password.busy}>
            {password.busy ? "Saving…" : "Change password"}
          </button>
        </form>
      </section>
    </>
  );
}
