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
