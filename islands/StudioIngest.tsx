import { useEffect, useState } from "preact/hooks";
import { FormMessage } from "./_lib/Field.tsx";
import { currentUser, isCreator, loadSession } from "./_lib/session.ts";
import { type Ingest, studioCall } from "./_lib/studio_api.ts";
import { CopyField } from "./_lib/studio_copy.tsx";
import { studioStatus } from "./_lib/studio_live.ts";

/**
 * A stream's settings for streaming software (OBS, ffmpeg): the RTMP server and key, the SRT
 * and WHIP URLs, each with a Copy button, and rotating the key, whose new value is shown once.
 */
export default function StudioIngest({ streamId }: { streamId: string }) {
  const [ingest, setIngest] = useState<Ingest | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [rotated, setRotated] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void loadSession().then(async (user) => {
      if (!isCreator(user)) return;
      const got = await studioCall<Ingest>(`/${streamId}/ingest`);
      if (got.ok) setIngest(got.value);
      // Not the caller's stream: the control room says so; nothing to show here.
    });
  }, [streamId]);

  const status = studioStatus.value;
  // Nothing more is published to a stream that is over.
  if (!isCreator(currentUser.value) || !ingest || status === "ended" || status === "cancelled") {
    return null;
  }

  const rotate = async () => {
    if (
      !confirm(
        "Make a new stream key? The current key stops working at once, and streaming " +
          "software using it is disconnected the next time it connects.",
      )
    ) return;
    setBusy(true);
    setError(null);
    const made = await studioCall<Ingest>(`/${streamId}/key`, { method: "POST" });
    setBusy(false);
    if (!made.ok) return setError(made.problem.message);
    setIngest(made.value);
    setRotated(true);
  };

  return (
    <section class="studio-ingest stack" aria-labelledby="ingest-title">
      <h2 id="ingest-title">Streaming software (OBS)</h2>
      <p>
        In OBS, open Settings, then Stream, choose the service "Custom", and paste the server and
        the stream key. ffmpeg and other tools can use the SRT or WHIP URL.
      </p>
      <FormMessage
        error={error}
        success={rotated
          ? "A new key is ready. The old key stopped working: update your streaming software."
          : null}
      />
      <CopyField id="ingest-rtmp" label="RTMP server" value={ingest.rtmp.server} />
      {ingest.key
        ? (
          <>
            <CopyField id="ingest-key" label="Stream key" value={ingest.rtmp.streamName} secret />
            <p class="field-hint">This key is shown only now. Copy it before leaving the page.</p>
          </>
        )
        : (
          <p class="notice" data-testid="key-hidden">
            The stream key was shown when it was made and is not shown again: the URLs below hold
            "{"{key}"}" in its place. Lost it? Make a new one.
          </p>
        )}
      <CopyField id="ingest-srt" label="SRT URL" value={ingest.srt.url} />
      <CopyField id="ingest-whip" label="WHIP URL (OBS 30 and later)" value={ingest.whip.url} />
      <div class="actions">
        <button type="button" class="button button-danger" onClick={rotate} disabled={busy}>
          {busy ? "Making a new key…" : "Rotate key"}
        </button>
      </div>
    </section>
  );
}
