/**
 * The catalog service's environment: token verification, the internal token guarding
 * inventory and download URLs, the blob store (S3 in servers mode, local disk embedded) and hold timing.
 * @module
 */
import { z } from "zod";
import {
  blobStoreDefaults,
  BlobStoreEnv,
  checkBlobStoreEnv,
  DEV_INTERNAL_TOKEN,
  optionalEnv as optional,
  ServiceEnv,
  VerifierEnv,
} from "@marquee/config";

/** Used in embedded mode only; servers mode requires a real `INTERNAL_TOKEN`. */
export { DEV_INTERNAL_TOKEN };

/** Variables of the catalog service, on top of those every service reads. */
export const CatalogEnv = ServiceEnv.extend({
  ...VerifierEnv,
  /** Shared with the services that hold stock (`x-internal-token`); the edge never sends it. */
  INTERNAL_TOKEN: optional(z.string().min(24, "Must be at least 24 characters")),
  ...BlobStoreEnv,
  /** Shortest hold a caller may ask for; lowered only by tests. */
  HOLD_MIN_TTL_SEC: z.coerce.number().int().min(1).max(30).default(30),
  /** The subscriptions service, asked whether a reviewer owns the product. */
  UPSTREAM_SUBSCRIPTIONS: z.string().url().default("http://127.0.0.1:8105"),
  /** How long a file's download URL, handed to another service, stays valid. */
  DOWNLOAD_URL_TTL_SEC: z.coerce.number().int().min(10).max(3600).default(300),
  HOLD_SWEEP_INTERVAL_MS: z.coerce.number().int().min(10).max(600_000).default(5_000),
  /** How often file records whose upload was never confirmed are looked for. */
  UPLOAD_SWEEP_INTERVAL_MS: z.coerce.number().int().min(10).max(3_600_000).default(60_000),
}).superRefine((env, ctx) => {
  checkBlobStoreEnv(env, ctx);
  if (env.MARQUEE_MODE === "servers" && env.INTERNAL_TOKEN === undefined) {
    ctx.addIssue({ code: "custom", path: ["INTERNAL_TOKEN"], message: "Required in servers mode" });
  }
}).transform((env) => ({
  ...env,
  ...blobStoreDefaults(env),
  INTERNAL_TOKEN: env.INTERNAL_TOKEN ?? DEV_INTERNAL_TOKEN,
}));

/** The parsed configuration of the catalog service. */
export type CatalogConfig = z.infer<typeof CatalogEnv>;
