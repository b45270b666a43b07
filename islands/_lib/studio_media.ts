/**
 * The studio's camera and microphone: asking for them, listing the devices once permission
 * gives them names, and publishing them over WHIP with whip-whep's client. Browser-only.
 * @module
 */
import { WHIPClient } from "whip-whep/whip.js";

/** A camera or microphone the creator can pick. */
export interface Device {
  id: string;
  label: string;
}

/** The cameras and microphones the browser lists. */
export async function listDevices(): Promise<{ cameras: Device[]; microphones: Device[] }> {
  const all = await navigator.mediaDevices.enumerateDevices();
  const named = (kind: MediaDeviceKind, what: string) =>
    all.filter((d) => d.kind === kind).map((d, i) => ({
      id: d.deviceId,
      label: d.label || `${what} ${i + 1}`,
    }));
  return { cameras: named("videoinput", "Camera"), microphones: named("audioinput", "Microphone") };
}

/** Opens the chosen camera and microphone (the defaults when no id is given). */
export function openDevices(cameraId?: string, microphoneId?: string): Promise<MediaStream> {
  return navigator.mediaDevices.getUserMedia({
    video: {
      ...(cameraId ? { deviceId: { exact: cameraId } } : {}),
      width: { ideal: 1280 },
      height: { ideal: 720 },
      frameRate: { ideal: 30 },
    },
    audio: microphoneId ? { deviceId: { exact: microphoneId } } : true,
  });
}

/** Why the browser refused the devices, as the creator should read it. */
export function deviceProblem(error: unknown): string {
  const name = error instanceof DOMException ? error.name : "";
  switch (name) {
    case "NotAllowedError":
      return "The browser was not allowed to use the camera and microphone. Allow them in the " +
        "site settings and try again";
    case "NotFoundError":
    case "OverconstrainedError":
      return "No camera or microphone was found";
    case "NotReadableError":
      return "The camera or microphone is in use by another application";
    default:
      return "The camera and microphone could not be opened";
  }
}

/** A running WHIP publication. */
export interface Publication {
  pc: RTCPeerConnection;
  stop(): Promise<void>;
}

/** Publishes `media` to `whipUrl` (a path on this origin, the token in its query). */
export async function publish(media: MediaStream, whipUrl: string): Promise<Publication> {
  const pc = new RTCPeerConnection({ bundlePolicy: "max-bundle" });
  for (const track of media.getTracks()) {
    const transceiver = pc.addTransceiver(track, { direction: "sendonly", streams: [media] });
    if (track.kind === "video") preferH264(transceiver);
  }
  const client = new WHIPClient();
  try {
    // The client resolves the session's Location against the URL: it must be absolute.
    await client.publish(pc, new URL(whipUrl, location.origin).href);
  } catch (error) {
    pc.close();
    throw error;
  }
  return {
    pc,
    async stop() {
      try {
        await client.stop();
      } catch {
        // The session is gone already; closing the connection is what matters.
        pc.close();
      }
    },
  };
}

/**
 * Offers H.264 first: LL-HLS viewers, recordings and thumbnails need it, and the media server
 * skips a VP8 track for all three (it passes WebRTC viewers only).
 */
function preferH264(transceiver: RTCRtpTransceiver) {
  const codecs = RTCRtpSender.getCapabilities?.("video")?.codecs;
  if (!codecs || !transceiver.setCodecPreferences) return;
  const h264 = codecs.filter((c) => c.mimeType.toLowerCase() === "video/h264");
  if (h264.length === 0) return;
  transceiver.setCodecPreferences([...h264, ...codecs.filter((c) => !h264.includes(c))]);
}

/** Swaps the track of `kind` being sent for `track` without renegotiating. */
export async function replaceTrack(pc: RTCPeerConnection, track: MediaStreamTrack) {
  const sender = pc.getSenders().find((s) => s.track?.kind === track.kind);
  await sender?.replaceTrack(track);
}
