/**
 * The catalog service's environment: token verification, the internal token guarding
 * inventory, the blob store (S3 in servers mode, local disk embedded) and hold timing.
 * @module
 */
import { z } from "zod";
import { optionalEnv as optional, ServiceEnv, VerifierEnv } from "@marquee/config";

/** Used in embedded mode only; servers mode requires a real `INTERNAL_TOKEN`. */
export const DEV_INTERNAL_TOKEN = "dev-only-catalog-internal-token-change-me";
/** Signs local blob URLs in embedded mode when `BLOB_SIGNING_SECRET` is unset. */
export const DEV_BLOB_SIGNING_SECRET = "dev-only-blob-signing-secret-change-me";

/** Variables of the catalog service, on top of those every service reads. */
export const CatalogEnv = ServiceEnv.extend({
  ...VerifierEnv,
  /** Shared with the services that hold stock (`x-internal-token`); the edge never sends it. */
  INTERNAL_TOKEN: optional(z.string().min(24, "Must be at least 24 characters")),
  /** The public origin browsers use; local blob URLs live under `<PUBLIC_URL>/blobs`. */
  PUBLIC_URL: z.string().url().default("http://localhost:8000"),
  MARQUEE_DATA: z.string().min(1).default(".data"),
  /** `s3` in servers mode and `local` embedded unless set. */
  BLOB_STORE: optional(z.enum(["s3", "local"])),
  /** The local store's folder; `<MARQUEE_DATA>/blobs` unless set. */
  BLOB_ROOT: optional(z.string().min(1)),
  BLOB_SIGNING_SECRET: optional(z.string().min(16, "Must be at least 16 characters")),
  S3_ENDPOINT: z.string().url().default("http://127.0.0.1:9000"),
  S3_REGION: z.string().min(1).default("us-east-1"),
  S3_BUCKET: z.string().min(3).default("marquee"),
  S3_ACCESS_KEY: z.string().min(1).default("marquee"),
  S3_SECRET_KEY: z.string().min(1).default("marquee-secret"),
  /** Shortest hold a caller may ask for; lowered only by tests. */
  HOLD_MIN_TTL_SEC: z.coerce.number().int().min(1).max(30).default(30),
  HOLD_SWEEP_INTERVAL_MS: z.coerce.number().int().min(10).max(600_000).default(5_000),
}).superRefine((env, ctx) => {
  if (env.MARQUEE_MODE !== "servers") return;
  if (env.INTERNAL_TOKEN === undefined) {
    ctx.addIssue({ code: "custom", path: ["INTERNAL_TOKEN"], message: "Required in servers mode" });
  }
  if (env.BLOB_STORE === "local" && env.BLOB_SIGNING_SECRET === undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["BLOB_SIGNING_SECRET"],
      message: "Required for a local blob store in servers mode",
    });
  }
}).transform((env) => ({
  ...env,
  INTERNAL_TOKEN: env.INTERNAL_TOKEN ?? DEV_INTERNAL_TOKEN,
  BLOB_STORE: env.BLOB_STORE ?? (env.MARQUEE_MODE === "servers" ? "s3" : "local"),
  BLOB_ROOT: env.BLOB_ROOT ?? `${env.MARQUEE_DATA}/blobs`,
  BLOB_SIGNING_SECRET: env.BLOB_SIGNING_SECRET ?? DEV_BLOB_SIGNING_SECRET,
}));

/** The parsed configuration of the catalog service. */
export type CatalogConfig = z.infer<typeof CatalogEnv>;
