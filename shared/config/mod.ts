/**
 * Typed environment parsing. A wrong or missing variable stops start-up with one
 * message that lists every problem, so an operator fixes them all in one pass.
 * @module
 */
import { z } from "zod";

/** Raised when the environment does not satisfy a service's schema. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Parses `env` with `schema`, throwing a {@linkcode ConfigError} listing every problem. */
export function loadConfig<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined> = Deno.env.toObject(),
): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join(".") || "(root)";
    const value = env[String(issue.path[0])];
    return value === undefined
      ? `${name}: ${issue.message} (not set)`
      : `${name}: ${issue.message} (got "${value}")`;
  });
  throw new ConfigError(problems);
}

/** How a service reaches its backing servers: embedded stand-ins or real servers. */
export const Mode = z.enum(["embedded", "servers"]);
export type Mode = z.infer<typeof Mode>;

const port = z.coerce.number().int().min(0).max(65535);

/** Variables every service reads; services extend this with their own. */
export const ServiceEnv = z.object({
  SERVICE_NAME: z.string().min(1),
  PORT: port,
  HOST: z.string().default("127.0.0.1"),
  MARQUEE_MODE: Mode.default("embedded"),
  DATABASE_URL: z.string().url().optional(),
  /**
   * Connections the service keeps to its database (servers mode; the embedded database takes
   * one). Size it to the database's cores: more connections than those queue in the database.
   */
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(500).default(10),
  KAFKA_BROKERS: z.string().default("127.0.0.1:9092"),
  REDIS_URL: z.string().url().default("redis://127.0.0.1:6380"),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(1_048_576),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().nonnegative().default(10_000),
});
export type ServiceEnv = z.infer<typeof ServiceEnv>;

/** Wraps `schema` so an empty variable (`NAME=` in a file) counts as unset. */
export const optionalEnv = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === "" ? undefined : v), schema.optional());

/** How a service verifies the access tokens the users service issues. */
export const VerifierEnv = {
  JWKS_URL: z.string().url().default("http://127.0.0.1:8101/.well-known/jwks.json"),
  JWT_ISSUER: z.string().min(1).default("http://localhost:8000"),
  JWT_AUDIENCE: z.string().min(1).default("marquee"),
};

/**
 * The `INTERNAL_TOKEN` of every service in embedded mode when it is unset: the catalog checks
 * what orders and subscriptions send, so all of them must fall back to the same one. Servers
 * mode requires a real token.
 */
export const DEV_INTERNAL_TOKEN = "dev-only-catalog-internal-token-change-me";

/** Signs live-channel tickets in embedded mode when `STREAM_TICKET_SECRET` is unset. */
export const DEV_STREAM_TICKET_SECRET = "dev-only-stream-ticket-secret-change-me";

/** Signs local blob URLs in embedded mode when `BLOB_SIGNING_SECRET` is unset. */
export const DEV_BLOB_SIGNING_SECRET = "dev-only-blob-signing-secret-change-me";

/**
 * Where the services that hold product files keep them: S3 (MinIO locally) or a folder on
 * disk whose presigned URLs the catalog serves. Every such service reads the same settings,
 * so a URL signed by one verifies at the other.
 */
export const BlobStoreEnv = {
  MARQUEE_DATA: z.string().min(1).default(".data"),
  /** `s3` in servers mode and `local` embedded unless set. */
  BLOB_STORE: optionalEnv(z.enum(["s3", "local"])),
  /** The local store's folder; `<MARQUEE_DATA>/blobs` unless set. */
  BLOB_ROOT: optionalEnv(z.string().min(1)),
  BLOB_SIGNING_SECRET: optionalEnv(z.string().min(16, "Must be at least 16 characters")),
  S3_ENDPOINT: z.string().url().default("http://127.0.0.1:9000"),
  /**
   * The bucket's origin as browsers reach it, when it differs from `S3_ENDPOINT` (a
   * container network's `http://minio:9000` is not reachable from a browser). Presigned
   * URLs are made for it.
   */
  S3_PUBLIC_ENDPOINT: optionalEnv(z.string().url()),
  S3_REGION: z.string().min(1).default("us-east-1"),
  S3_BUCKET: z.string().min(3).default("marquee"),
  S3_ACCESS_KEY: z.string().min(1).default("marquee"),
  S3_SECRET_KEY: z.string().min(1).default("marquee-secret"),
};

interface BlobStoreChoice {
  MARQUEE_MODE: Mode;
  MARQUEE_DATA: string;
  BLOB_STORE?: "s3" | "local";
  BLOB_ROOT?: string;
  BLOB_SIGNING_SECRET?: string;
}

/** For `superRefine`: a local store in servers mode needs a secret of its own. */
export function checkBlobStoreEnv(env: BlobStoreChoice, ctx: z.RefinementCtx): void {
  if (env.MARQUEE_MODE === "servers" && env.BLOB_STORE === "local" && !env.BLOB_SIGNING_SECRET) {
    ctx.addIssue({
      code: "custom",
      path: ["BLOB_SIGNING_SECRET"],
      message: "Required for a local blob store in servers mode",
    });
  }
}

/** For `transform`: the blob settings with their defaults, which depend on the mode. */
export function blobStoreDefaults(env: BlobStoreChoice): {
  BLOB_STORE: "s3" | "local";
  BLOB_ROOT: string;
  BLOB_SIGNING_SECRET: string;
} {
  return {
    BLOB_STORE: env.BLOB_STORE ?? (env.MARQUEE_MODE === "servers" ? "s3" : "local"),
    BLOB_ROOT: env.BLOB_ROOT ?? `${env.MARQUEE_DATA}/blobs`,
    BLOB_SIGNING_SECRET: env.BLOB_SIGNING_SECRET ?? DEV_BLOB_SIGNING_SECRET,
  };
}
