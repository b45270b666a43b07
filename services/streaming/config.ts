/**
 * The streaming service's environment: token verification, the internal token (guarding
 * `/internal`, sent to the subscriptions service, and the media server's password on its
 * calls back), the secret of playback tokens, where viewers and publishers reach the media
 * server, and the grace period of a dropped publisher.
 * @module
 */
import { z } from "zod";
import {
  blobStoreDefaults,
  BlobStoreEnv,
  checkBlobStoreEnv,
  DEV_INTERNAL_TOKEN,
  DEV_STREAM_TICKET_SECRET,
  optionalEnv as optional,
  ServiceEnv,
  VerifierEnv,
} from "@marquee/config";

const url = z.string().url();

/** Variables of the streaming service, on top of those every service reads. */
export const StreamingEnv = ServiceEnv.extend({
  ...VerifierEnv,
  /** Sent as `x-internal-token` to subscriptions; the media server's password on its calls. */
  INTERNAL_TOKEN: optional(z.string().min(24, "Must be at least 24 characters")),
  /** Signs playback tokens (issuer `streaming`, so no other service's tickets pass). */
  STREAM_TICKET_SECRET: optional(z.string().min(32, "Must be at least 32 characters")),
  UPSTREAM_SUBSCRIPTIONS: url.default("http://127.0.0.1:8105"),
  /** The media server as publishers and viewers reach it. */
  MEDIA_RTMP_URL: z.string().regex(/^rtmps?:\/\/[^/]+$/, "Must be rtmp://host:port")
    .default("rtmp://127.0.0.1:1935"),
  MEDIA_SRT_URL: z.string().regex(/^srt:\/\/[^/]+$/, "Must be srt://host:port")
    .default("srt://127.0.0.1:8890"),
  MEDIA_WEBRTC_URL: url.default("http://127.0.0.1:8889"),
  MEDIA_HLS_URL: url.default("http://127.0.0.1:8888"),
  /** The media server's control API (paths, readers, kicks): loopback or a private network. */
  MEDIA_API_URL: url.default("http://127.0.0.1:9997"),
  /**
   * How often the streams' statuses and readers are compared with the media server's paths
   * (what lost hooks would leave wrong) and viewers who stopped beating are counted out.
   */
  MEDIA_RECONCILE_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  /** How long a dropped publisher may take to come back before the stream ends. */
  STREAM_RECONNECT_GRACE_SEC: z.coerce.number().int().min(1).max(3600).default(60),
  /** How long a playback token may start a player; a started player keeps playing. */
  PLAYBACK_TOKEN_TTL_SEC: z.coerce.number().int().min(1).max(3600).default(120),
  /** How often streams whose grace period ran out are looked for. */
  GRACE_SWEEP_INTERVAL_MS: z.coerce.number().int().min(10).max(600_000).default(1_000),
  /** How often scheduled streams starting within 15 minutes are looked for, to remind. */
  REMINDER_INTERVAL_MS: z.coerce.number().int().min(10).max(600_000).default(15_000),
  /** Where replays and thumbnails are stored: S3 (MinIO locally) or disk when embedded. */
  ...BlobStoreEnv,
  /**
   * The folder the media server records into (`live/<id>/` inside), on a disk both share;
   * `<MARQUEE_DATA>/recordings` unless set.
   */
  RECORDINGS_DIR: optional(z.string().min(1)),
  /** How often replays due a build (or a retry) are looked for. */
  REPLAY_BUILD_INTERVAL_MS: z.coerce.number().int().min(10).max(600_000).default(1_000),
  /** The ffmpeg that remuxes replays and takes thumbnails. */
  FFMPEG_PATH: z.string().min(1).default("ffmpeg"),
}).superRefine((env, ctx) => {
  checkBlobStoreEnv(env, ctx);
  for (const name of ["INTERNAL_TOKEN", "STREAM_TICKET_SECRET"] as const) {
    if (env.MARQUEE_MODE === "servers" && env[name] === undefined) {
      ctx.addIssue({ code: "custom", path: [name], message: "Required in servers mode" });
    }
  }
}).transform((env) => ({
  ...env,
  ...blobStoreDefaults(env),
  RECORDINGS_DIR: env.RECORDINGS_DIR ?? `${env.MARQUEE_DATA}/recordings`,
  INTERNAL_TOKEN: env.INTERNAL_TOKEN ?? DEV_INTERNAL_TOKEN,
  STREAM_TICKET_SECRET: env.STREAM_TICKET_SECRET ?? DEV_STREAM_TICKET_SECRET,
}));

/** The parsed configuration of the streaming service. */
export type StreamingConfig = z.infer<typeof StreamingEnv>;
