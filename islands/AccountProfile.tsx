import { useEffect, useState } from "preact/hooks";
import { Field, fieldAria, FormMessage, useFocusFirstError } from "./_lib/Field.tsx";
import { SessionGate } from "./_lib/Gate.tsx";
import { networkProblem, type Problem, problemMessage, readProblem } from "./_lib/problem.ts";
import { authFetch, currentUser, loadSession, type SessionUser } from "./_lib/session.ts";

/** Shows the signed-in user's profile (`GET /api/me`) and saves name and bio (`PATCH /api/me`). */
export default function AccountProfile() {
  const [profile, setProfile] = useState<SessionUser | null>(null);
  const [displayName, setDisplayName] = useState("");
  const [bio, setBio] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const form = useFocusFirstError(problem?.fields);
  const [saved, setSaved] = useState<string | null>(null);

  const show = (user: SessionUser) => {
    setProfile(user);
    setDisplayName(user.displayName);
    setBio(user.bio ?? "");
  };

  useEffect(() => {
    void (async () => {
      if (!await loadSession()) return;
      try {
        const res = await authFetch("/api/me");
        if (res.ok) show(await res.json());
        else setProblem(await readProblem(res));
      } catch {
        setProblem(networkProblem());
      }
    })();
  }, []);

  const user = currentUser.value;
  if (!user) return <SessionGate user={user} next="/account" purpose="see your account" />;
  if (!profile) {
    return problem
      ? <FormMessage error={problem.message} />
      : <p class="loading" role="status">Loading your profile…</p>;
  }

  const save = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    setSaved(null);
    try {
      const res = await authFetch("/api/me", {
        method: "PATCH",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ displayName: displayName.trim(), bio: bio.trim() || null }),
      });
      if (res.ok) {
        const updated = await res.json() as SessionUser;
        show(updated);
        currentUser.value = { ...user, ...updated };
        setSaved("Your profile is saved.");
      } else setProblem(await readProblem(res));
    } catch {
      setProblem(networkProblem());
    }
    setBusy(false);
  };

  const fields = problem?.fields ?? {};
  return (
    <form ref={form} class="form" onSubmit={save} noValidate>
      <FormMessage error={problem ? problemMessage(problem) : null} success={saved} />
      <dl class="facts">
        <dt>Roles</dt>
        <dd>{profile.roles.join(", ")}</dd>
      </dl>
      <Field id="account-name" label="Display name" error={fields.displayName}>
        <input
          id="account-name"
          type="text"
          maxLength={80}
          required
          value={displayName}
          onInput={(e) => setDisplayName(e.currentTarget.value)}
          {...fieldAria("account-name", { error: fields.displayName })}
        />
      </Field>
      <Field id="account-bio" label="Bio" hint="Up to 1000 characters." error={fields.bio}>
        <textarea
          id="account-bio"
          rows={5}
          maxLength={1000}
          value={bio}
          onInput={(e) => setBio(e.currentTarget.value)}
          {...fieldAria("account-bio", { hint: "Up to 1000 characters.", error: fields.bio })}
        />
      </Field>
      <button class="button" type="submit" disabled={busy}>{busy ? "Saving…" : "Save"}</button>
    </form>
  );
}
