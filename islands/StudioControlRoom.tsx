import { useEffect, useRef, useState } from "preact/hooks";
import { formatEventTime, zoneOffset } from "./_lib/event_time.ts";
import { fieldAria, FormMessage } from "./_lib/Field.tsx";
import { SessionGate } from "./_lib/Gate.tsx";
import { currentUser, isCreator, loadSession } from "./_lib/session.ts";
import { isOver, STATUS_TEXT, studioCall, type StudioStream } from "./_lib/studio_api.ts";
import { formatBitrate, type Health, healthBetween, outboundVideo } from "./_lib/studio_health.ts";
import type { OutboundSample } from "./_lib/studio_health.ts";
import { followStream, studioStatus } from "./_lib/studio_live.ts";
import {
  type Device,
  deviceProblem,
  listDevices,
  openDevices,
  type Publication,
  publish,
  replaceTrack,
} from "./_lib/studio_media.ts";
import { fromLocalInput, toLocalInput } from "./_lib/studio_time.ts";

const STATS_MS = 2000;

/** What `GET /api/streams/{id}/health` says of the stream on the media server. */
interface ServerHealth {
  publisher: { protocol: string } | null;
  /** Bits per second; null until measured. */
  bitrate: number | null;
  viewers: number;
  peakViewers: number;
  mediaServer: "ok" | "unreachable";
}
type Phase = "idle" | "connecting" | "publishing" | "lost";

/** A stream's control room: preview, go live over WHIP, health, edit, end or cancel. */
export default function StudioControlRoom({ streamId }: { streamId: string }) {
  const [stream, setStream] = useState<StudioStream | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [devices, setDevices] = useState<{ cameras: Device[]; microphones: Device[] } | null>(
    null,
  );
  const [camera, setCamera] = useState("");
  const [microphone, setMicrophone] = useState("");
  const [media, setMediaState] = useState<MediaStream | null>(null);
  // The devices in use, read by handlers that outlive the render that made them.
  const mediaRef = useRef<MediaStream | null>(null);
  const setMedia = (next: MediaStream | null) => {
    mediaRef.current = next;
    setMediaState(next);
  };
  const [switching, setSwitching] = useState(false);
  const [micOn, setMicOn] = useState(true);
  const [cameraOn, setCameraOn] = useState(true);
  const [phase, setPhase] = useState<Phase>("idle");
  const [health, setHealth] = useState<Health | null>(null);
  const [viewers, setViewers] = useState<number | null>(null);
  const [server, setServer] = useState<ServerHealth | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const preview = useRef<HTMLVideoElement>(null);
  const publication = useRef<Publication | null>(null);

  useEffect(() => {
    let stop = () => {};
    void loadSession().then(async (user) => {
      if (!isCreator(user)) return;
      const got = await studioCall<StudioStream & { creatorId: string }>(`/${streamId}`);
      if (!got.ok) return setError(got.problem.message);
      if (got.value.creatorId !== user!.id && !user!.roles.includes("admin")) {
        return setError("This stream is not one of yours");
      }
      setStream(got.value);
      if (got.value.viewers !== undefined) setViewers(got.value.viewers);
      stop = followStream(streamId, (u) => {
        if (u.status) setStream((s) => s && { ...s, status: u.status! });
        if (u.viewers !== undefined) setViewers(u.viewers);
      });
    });
    return () => stop();
  }, [streamId]);

  useEffect(() => {
    if (preview.current) preview.current.srcObject = media;
  }, [media]);

  useEffect(() => {
    studioStatus.value = stream?.status;
  }, [stream?.status]);

  // Live health: the outgoing video's bitrate and frame rate every two seconds.
  useEffect(() => {
    if (phase !== "publishing" || !publication.current) return;
    const pc = publication.current.pc;
    let last: OutboundSample | undefined;
    const timer = setInterval(async () => {
      const now = outboundVideo((await pc.getStats()).values());
      if (now && last) setHealth(healthBetween(last, now) ?? null);
      last = now;
    }, STATS_MS);
    return () => clearInterval(timer);
  }, [phase]);

  // What the media server receives, from OBS as from this browser, with the viewer counts.
  const onAirNow = stream?.status === "live" || stream?.status === "reconnecting";
  useEffect(() => {
    if (!onAirNow) return;
    const look = async () => {
      const got = await studioCall<ServerHealth>(`/${streamId}/health`);
      if (!got.ok) return;
      setServer(got.value);
      setViewers(got.value.viewers);
    };
    void look();
    const timer = setInterval(look, STATS_MS);
    return () => clearInterval(timer);
  }, [onAirNow]);

  // Leaving the page ends the publication; the stream reconnects, then ends, on the server.
  useEffect(() => () => void publication.current?.stop(), []);

  const user = currentUser.value;
  if (!user) return <SessionGate user={user} next={`/studio/${streamId}`} purpose="go live" />;
  if (!isCreator(user)) {
    return <p class="notice">The studio is for creators. Your account buys only.</p>;
  }
  if (error && !stream) {
    return (
      <div class="notice notice-error" role="alert">
        <p>{error}</p>
        <p>
          <a href="/studio">Back to your streams</a>
        </p>
      </div>
    );
  }
  if (!stream) return <p class="loading" role="status">Loading…</p>;

  const openChosen = async (cameraId?: string, microphoneId?: string) => {
    setError(null);
    setSwitching(true);
    try {
      const next = await openDevices(cameraId, microphoneId);
      next.getAudioTracks().forEach((t) => t.enabled = micOn);
      next.getVideoTracks().forEach((t) => t.enabled = cameraOn);
      const pc = publication.current?.pc;
      if (pc) { for (const track of next.getTracks()) await replaceTrack(pc, track); }
      mediaRef.current?.getTracks().forEach((t) => t.stop());
      setMedia(next);
      const listed = await listDevices();
      setDevices(listed);
      setCamera(next.getVideoTracks()[0]?.getSettings().deviceId ?? listed.cameras[0]?.id ?? "");
      setMicrophone(
        next.getAudioTracks()[0]?.getSettings().deviceId ?? listed.microphones[0]?.id ?? "",
      );
    } catch (e) {
      setError(deviceProblem(e));
    } finally {
      setSwitching(false);
    }
  };

  const goLive = async () => {
    const sending = mediaRef.current;
    if (!sending) return;
    setError(null);
    setPhase("connecting");
    const token = await studioCall<{ whipUrl: string }>(`/${streamId}/publish-token`, {
      method: "POST",
    });
    if (!token.ok) {
      setPhase("idle");
      return setError(token.problem.message);
    }
    try {
      const pub = await publish(sending, token.value.whipUrl);
      publication.current = pub;
      // Devices switched while connecting: send the ones now chosen.
      const now = mediaRef.current;
      if (now && now !== sending) {
        for (const track of now.getTracks()) await replaceTrack(pub.pc, track);
      }
      pub.pc.addEventListener("connectionstatechange", () => {
        const state = pub.pc.connectionState;
        if (state === "connected") setPhase("publishing");
        if (state === "failed" || state === "disconnected") setPhase("lost");
      });
      setPhase(pub.pc.connectionState === "connected" ? "publishing" : "connecting");
    } catch {
      setPhase("idle");
      setError("The media server did not take the stream. Try again in a moment");
    }
  };

  const stopPublishing = async () => {
    await publication.current?.stop();
    publication.current = null;
    setHealth(null);
    setPhase("idle");
  };

  const endStream = async () => {
    if (!confirm("End the stream for everyone watching? It cannot be started again.")) return;
    await stopPublishing();
    const ended = await studioCall<StudioStream>(`/${streamId}/end`, { method: "POST" });
    if (ended.ok) {
      setStream({ ...stream, ...ended.value });
      setNotice("The stream has ended");
    } else if (ended.problem.status !== 409) {
      setError(ended.problem.message);
    }
    mediaRef.current?.getTracks().forEach((t) => t.stop());
    setMedia(null);
  };

  const cancelStream = async () => {
    if (!confirm("Cancel this scheduled stream? Viewers will see that it is cancelled.")) return;
    const done = await studioCall<StudioStream>(`/${streamId}/cancel`, { method: "POST" });
    if (!done.ok) return setError(done.problem.message);
    setStream({ ...stream, ...done.value });
    setNotice("The stream is cancelled");
  };

  const save = async (event: Event) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const text = (name: string) => String(data.get(name) ?? "").trim();
    const body: Record<string, string> = {
      title: text("title"),
      description: text("description"),
    };
    if (stream.status === "scheduled") {
      const start = fromLocalInput(text("scheduledStart"));
      if (!start) return setFields({ scheduledStart: "Choose the day and time you go live" });
      body.scheduledStart = start;
    }
    if (!body.title) return setFields({ title: "Enter a title viewers will see" });
    setFields({});
    const saved = await studioCall<StudioStream>(`/${streamId}`, { method: "PATCH", body });
    if (!saved.ok) {
      setFields(saved.problem.fields);
      if (Object.keys(saved.problem.fields).length === 0) setError(saved.problem.message);
      return;
    }
    setStream({ ...stream, ...saved.value });
    setNotice("Saved");
  };

  const toggle = (kind: "audio" | "video") => {
    const on = kind === "audio" ? !micOn : !cameraOn;
    const tracks = kind === "audio" ? media?.getAudioTracks() : media?.getVideoTracks();
    tracks?.forEach((t) => t.enabled = on);
    (kind === "audio" ? setMicOn : setCameraOn)(on);
  };

  const over = isOver(stream);
  const onAir = phase === "publishing" || phase === "connecting";
  return (
    <div class="control-room stack">
      <header class="page-header">
        <p class="eyebrow">Control room</p>
        <h1>{stream.title}</h1>
        <p>
          <span class={`status status-stream-${stream.status}`} data-testid="stream-status">
            {STATUS_TEXT[stream.status]}
          </span>
          {" · "}
          <time datetime={stream.scheduledStart}>
            {`${formatEventTime(stream.scheduledStart)} (${zoneOffset(stream.scheduledStart)})`}
          </time>
          {stream.status === "live" || stream.status === "reconnecting"
            ? (
              <>
                {" · "}
                <a href={`/live/${stream.id}`}>Viewer page</a>
              </>
            )
            : null}
        </p>
      </header>
      <FormMessage error={error} success={notice} />

      {over ? null : (
        <section class="studio-stage" aria-labelledby="stage-title">
          <h2 id="stage-title">Camera and microphone</h2>
          <div class="studio-preview">
            <video ref={preview} autoplay muted playsInline aria-label="Your camera's preview" />
            {media ? null : <p class="studio-preview-empty">Camera off</p>}
          </div>
          {devices
            ? (
              <div class="field-row">
                <div class="field">
                  <label for="studio-camera">Camera</label>
                  <select
                    id="studio-camera"
                    value={camera}
                    onChange={(e) => openChosen(e.currentTarget.value, microphone)}
                  >
                    {devices.cameras.map((d) => <option key={d.id} value={d.id}>{d.label}</option>)}
                  </select>
                </div>
                <div class="field">
                  <label for="studio-microphone">Microphone</label>
                  <select
                    id="studio-microphone"
                    value={microphone}
                    onChange={(e) => openChosen(camera, e.currentTarget.value)}
                  >
                    {devices.microphones.map((d) => (
                      <option key={d.id} value={d.id}>{d.label}</option>
                    ))}
                  </select>
                </div>
              </div>
            )
            : null}
          <div class="actions">
            {media ? null : (
              <button type="button" class="button" onClick={() => openChosen()}>
                Turn on camera and microphone
              </button>
            )}
            {media
              ? (
                <>
                  <button
                    type="button"
                    class="button button-quiet"
                    aria-pressed={!micOn}
                    onClick={() => toggle("audio")}
                  >
                    {micOn ? "Mute microphone" : "Unmute microphone"}
                  </button>
                  <button
                    type="button"
                    class="button button-quiet"
                    aria-pressed={!cameraOn}
                    onClick={() => toggle("video")}
                  >
                    {cameraOn ? "Turn camera off" : "Turn camera on"}
                  </button>
                </>
              )
              : null}
            {media && !onAir
              ? (
                <button
                  type="button"
                  class="button button-large"
                  onClick={goLive}
                  disabled={switching}
                >
                  {phase === "lost" ? "Go live again" : "Go live"}
                </button>
              )
              : null}
            {onAir
              ? (
                <button type="button" class="button button-quiet" onClick={stopPublishing}>
                  Pause sending
                </button>
              )
              : null}
            {stream.status !== "scheduled" || onAir
              ? (
                <button type="button" class="button button-danger" onClick={endStream}>
                  End stream
                </button>
              )
              : null}
          </div>
          <p role="status" class="studio-phase">
            {phase === "connecting" ? "Connecting to the media server…" : ""}
            {phase === "publishing" ? "Sending from this browser" : ""}
            {phase === "lost" ? "The connection was lost. Go live again to resume." : ""}
          </p>
        </section>
      )}

      <section aria-labelledby="health-title">
        <h2 id="health-title">Live health</h2>
        <dl class="facts studio-health">
          <dt>Outgoing bitrate</dt>
          <dd data-testid="health-bitrate">{health ? formatBitrate(health.kbps) : "—"}</dd>
          <dt>Frame rate</dt>
          <dd data-testid="health-fps">{health ? `${health.fps} fps` : "—"}</dd>
          <dt>Viewers</dt>
          <dd data-testid="health-viewers">{viewers === null ? "Unknown" : String(viewers)}</dd>
          {server
            ? (
              <>
                <dt>Peak viewers</dt>
                <dd>{String(Math.max(server.peakViewers, viewers ?? 0))}</dd>
                <dt>Media server receives</dt>
                <dd data-testid="health-ingest">
                  {server.mediaServer === "unreachable"
                    ? "The media server is not answering"
                    : server.publisher
                    ? `${
                      server.bitrate === null
                        ? "measuring…"
                        : formatBitrate(Math.round(server.bitrate / 1000))
                    } over ${server.publisher.protocol.toUpperCase()}`
                    : "Nothing yet"}
                </dd>
              </>
            )
            : null}
        </dl>
      </section>

      {over ? null : (
        <section aria-labelledby="details-title">
          <h2 id="details-title">Details</h2>
          <form class="form" onSubmit={save} noValidate>
            <div class="field">
              <label for="edit-title">Title</label>
              <input
                id="edit-title"
                name="title"
                defaultValue={stream.title}
                maxLength={140}
                {...fieldAria("edit-title", { error: fields.title })}
              />
              {fields.title
                ? <p class="field-error" id="edit-title-error">{fields.title}</p>
                : null}
            </div>
            <div class="field">
              <label for="edit-description">Description</label>
              <textarea
                id="edit-description"
                name="description"
                rows={3}
                maxLength={5000}
                defaultValue={stream.description}
              />
            </div>
            {stream.status === "scheduled"
              ? (
                <div class="field">
                  <label for="edit-scheduledStart">Scheduled start (your time)</label>
                  <input
                    id="edit-scheduledStart"
                    name="scheduledStart"
                    type="datetime-local"
                    defaultValue={toLocalInput(stream.scheduledStart)}
                    {...fieldAria("edit-scheduledStart", { error: fields.scheduledStart })}
                  />
                  {fields.scheduledStart
                    ? (
                      <p class="field-error" id="edit-scheduledStart-error">
                        {fields.scheduledStart}
                      </p>
                    )
                    : null}
                </div>
              )
              : null}
            <div class="actions">
              <button type="submit" class="button">Save details</button>
              {stream.status === "scheduled" && !onAir
                ? (
                  <button type="button" class="button button-danger" onClick={cancelStream}>
                    Cancel stream
                  </button>
                )
                : null}
            </div>
          </form>
        </section>
      )}
    </div>
  );
}
