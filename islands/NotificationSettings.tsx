import { useEffect, useState } from "preact/hooks";
import { FormMessage } from "./_lib/Field.tsx";
import { SessionGate } from "./_lib/Gate.tsx";
import { networkProblem, problemMessage, readProblem } from "./_lib/problem.ts";
import { authFetch, currentUser, loadSession } from "./_lib/session.ts";

type Switch = "receipts" | "refunds" | "orderUpdates" | "liveAlerts";
type Channel = "email" | "inApp";
type Preferences = Record<Channel, Record<Switch, boolean>>;

const SWITCHES: { key: Switch; label: string }[] = [
  { key: "receipts", label: "Receipts" },
  { key: "refunds", label: "Refunds" },
  { key: "orderUpdates", label: "Order updates" },
  { key: "liveAlerts", label: "Live alerts: creators you follow and tickets you hold" },
];
const CHANNELS: { key: Channel; legend: string }[] = [
  { key: "email", legend: "By email" },
  { key: "inApp", legend: "In the app" },
];
const PATH = "/api/notifications/preferences";

/** Which notifications the user gets by email and in the app; each switch saves at once. */
export default function NotificationSettings() {
  const [prefs, setPrefs] = useState<Preferences | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  useEffect(() => {
    void (async () => {
      if (!await loadSession()) return;
      try {
        const res = await authFetch(PATH);
        if (res.ok) setPrefs(await res.json());
        else setError(problemMessage(await readProblem(res)));
      } catch {
        setError(problemMessage(networkProblem()));
      }
    })();
  }, []);

  const user = currentUser.value;
  if (!user) return <SessionGate user={user} next="/account" purpose="choose your notifications" />;
  if (!prefs) {
    return error
      ? <FormMessage error={error} />
      : <p class="loading" role="status">Loading your notification settings…</p>;
  }

  const change = async (channel: Channel, key: Switch, on: boolean) => {
    const before = prefs;
    setPrefs({ ...prefs, [channel]: { ...prefs[channel], [key]: on } });
    setError(null);
    setSaved(null);
    try {
      const res = await authFetch(PATH, {
        method: "PATCH",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ [channel]: { [key]: on } }),
      });
      if (res.ok) {
        setPrefs(await res.json());
        setSaved("Your notification settings are saved.");
      } else {
        setPrefs(before);
        setError(problemMessage(await readProblem(res)));
      }
    } catch {
      setPrefs(before);
      setError(problemMessage(networkProblem()));
    }
  };

  return (
    <div class="stack">
      <FormMessage error={error} success={saved} />
      {CHANNELS.map((channel) => (
        <fieldset key={channel.key} class="field">
          <legend>{channel.legend}</legend>
          {SWITCHES.map((s) => {
            const id = `notify-${channel.key}-${s.key}`;
            return (
              <div key={s.key} class="field field-check">
                <input
                  id={id}
                  type="checkbox"
                  checked={prefs[channel.key][s.key]}
                  onChange={(e) => change(channel.key, s.key, e.currentTarget.checked)}
                />
                <label for={id}>{s.label}</label>
              </div>
            );
          })}
        </fieldset>
      ))}
    </div>
  );
}
