/**
 * The whole platform as a child process (the dev runner the caller names) on shifted ports,
 * for end-to-end tests, benchmarks and audits, plus a helper that seeds a published product.
 * @module
 */
import { answersOk, eventually } from "./bus.ts";

/** A running copy of the platform. */
export interface Platform {
  /** The edge's public origin. */
  base: string;
  offset: number;
  stop(): Promise<void>;
}

/** How to start a copy of the platform. */
export interface PlatformOptions {
  /** The module that starts the platform (the repository's dev runner). */
  runner: string | URL;
  /** Added to every port. */
  offset: number;
  mode?: "servers" | "embedded";
  env?: Record<string, string>;
}

/** Starts the platform with every port shifted by `offset` and waits until the edge is ready. */
export async function startPlatform(options: PlatformOptions): Promise<Platform> {
  const { runner, offset, mode = "servers", env = {} } = options;
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", runner instanceof URL ? runner.pathname : runner],
    env: {
      MARQUEE_MODE: mode,
      MARQUEE_PORT_OFFSET: String(offset),
      LOG_LEVEL: "error",
      // Tests start from an empty store: no demo content unless a test asks for it.
      MARQUEE_SEED: "off",
      ...env,
    },
    stdout: "null",
    stderr: "null",
  }).spawn();
  const base = `http://localhost:${8000 + offset}`;
  try {
    await eventually(() => answersOk(`${base}/health/ready`), 180_000, "platform ready");
    // The edge is ready before the services behind it may be: wait for each through it.
    await eventually(() => answersOk(`${base}/.well-known/jwks.json`), 120_000, "users ready");
    await eventually(() => answersOk(`${base}/api/products?limit=1`), 120_000, "catalog ready");
  } catch (error) {
    child.kill("SIGTERM");
    await child.status;
    throw error;
  }
  return {
    base,
    offset,
    async stop() {
      try {
        child.kill("SIGTERM");
      } catch { /* already gone */ }
      await child.status;
    },
  };
}

/** A published product created through the public API by a fresh creator. */
export interface SeededProduct {
  id: string;
  slug: string;
  token: string;
}

/** Signs up a creator through the edge and publishes one product. */
export async function seedPublishedProduct(
  base: string,
  product: Record<string, unknown> = {},
): Promise<SeededProduct> {
  const email = `seed-${crypto.randomUUID().slice(0, 8)}@example.com`;
  const password = "seeded products are real";
  const json = { "content-type": "application/json" };
  const post = (path: string, body: unknown, headers: Record<string, string> = json) =>
    fetch(`${base}${path}`, { method: "POST", headers, body: JSON.stringify(body) });
  const registered = await post("/api/auth/register", {
    email,
    password,
    displayName: "Seed Creator",
    role: "creator",
  });
  if (!registered.ok) throw new Error(`Register failed: ${await registered.text()}`);
  await registered.body?.cancel();
  const login = await post("/api/auth/login", { email, password });
  if (!login.ok) throw new Error(`Login failed: ${await login.text()}`);
  const { accessToken } = await login.json();
  const auth = { ...json, authorization: `Bearer ${accessToken}` };
  const created = await post("/api/products", {
    title: `Synthesis from first principles ${email.slice(5, 13)}`,
    type: "course",
    price: { amount: 4900, currency: "USD" },
    category: "music",
    tags: ["synthesis"],
    description: "## What you learn\n\n- **Oscillators** and filters\n- Modulation\n".repeat(3),
    ...product,
  }, auth);
  if (!created.ok) throw new Error(`Create failed: ${await created.text()}`);
  const { id, slug } = await created.json();
  const published = await post(`/api/products/${id}/publish`, undefined, auth);
  if (!published.ok) throw new Error(`Publish failed: ${await published.text()}`);
  await published.body?.cancel();
  return { id, slug, token: accessToken };
}

/**
 * Fetches `url` over a connection of its own, read whole: behind an edge with several isolates
 * on one port, new connections are what reach each of them.
 */
export async function fetchOnNewConnection(url: string, init: RequestInit = {}): Promise<Response> {
  const client = Deno.createHttpClient({ poolMaxIdlePerHost: 0 });
  try {
    const res = await fetch(url, { ...init, client });
    const body = await res.arrayBuffer();
    return new Response(body, res);
  } finally {
    client.close();
  }
}
