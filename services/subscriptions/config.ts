/**
 * The subscriptions service's environment: token verification, the internal token guarding
 * `/internal`, the access cache, the catalog it reads file lists from, and the blob store
 * it presigns downloads on (the catalog's own settings: same bucket, folder and secret).
 * @module
 */
import { z } from "zod";
import { optionalEnv as optional, ServiceEnv, VerifierEnv } from "@marquee/config";

/** The platform's development internal token (the catalog's default); embedded only. */
export const DEV_INTERNAL_TOKEN = "dev-only-catalog-internal-token-change-me";
/** The catalog's development blob signing secret, so local download URLs verify there. */
export const DEV_BLOB_SIGNING_SECRET = "dev-only-blob-signing-secret-change-me";

/** Variables of the subscriptions service, on top of those every service reads. */
export const SubscriptionsEnv = ServiceEnv.extend({
  ...VerifierEnv,
  /** Callers of `/internal/access` send it as `x-internal-token`; the edge never does. */
  INTERNAL_TOKEN: optional(z.string().min(24, "Must be at least 24 characters")),
  UPSTREAM_CATALOG: z.string().url().default("http://127.0.0.1:8102"),
  /** `redis` in servers mode and `memory` embedded unless set. */
  ACCESS_CACHE: optional(z.enum(["redis", "memory"])),
  /** How long a cached access answer lives; grants and revokes overwrite it at once. */
  ACCESS_CACHE_TTL_SEC: z.coerce.number().int().min(1).max(86_400).default(300),
  /** How long a download URL stays valid. */
  DOWNLOAD_URL_TTL_SEC: z.coerce.number().int().min(10).max(3600).default(300),
  /** The public origin browsers use; local blob URLs live under `<PUBLIC_URL>/blobs`. */
  PUBLIC_URL: z.string().url().default("http://localhost:8000"),
  MARQUEE_DATA: z.string().min(1).default(".data"),
  /** `s3` in servers mode and `local` embedded unless set. */
  BLOB_STORE: optional(z.enum(["s3", "local"])),
  /** The local store's folder; `<MARQUEE_DATA>/blobs` (the catalog's) unless set. */
  BLOB_ROOT: optional(z.string().min(1)),
  BLOB_SIGNING_SECRET: optional(z.string().min(16, "Must be at least 16 characters")),
  S3_ENDPOINT: z.string().url().default("http://127.0.0.1:9000"),
  S3_REGION: z.string().min(1).default("us-east-1"),
  S3_BUCKET: z.string().min(3).default("marquee"),
  S3_ACCESS_KEY: z.string().min(1).default("marquee"),
  S3_SECRET_KEY: z.string().min(1).default("marquee-secret"),
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
  ACCESS_CACHE: env.ACCESS_CACHE ??
    (env.MARQUEE_MODE === "servers" ? "redis" as const : "memory" as const),
  BLOB_STORE: env.BLOB_STORE ??
    (env.MARQUEE_MODE === "servers" ? "s3" as const : "local" as const),
  BLOB_ROOT: env.BLOB_ROOT ?? `${env.MARQUEE_DATA}/blobs`,
  BLOB_SIGNING_SECRET: env.BLOB_SIGNING_SECRET ?? DEV_BLOB_SIGNING_SECRET,
}));

/** The parsed configuration of the subscriptions service. */
export type SubscriptionsConfig = z.infer<typeof SubscriptionsEnv>;
