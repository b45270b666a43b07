/**
 * Demo content for a newcomer's store, made through the public APIs at the edge as a creator
 * would make it in the dashboard: accounts, products of every type with covers, published,
 * and the live creator's streams. Each step first looks for what an earlier run made, so a
 * second run adds nothing and a run cut short is finished by the next.
 * @module
 */
import { ApiError, type PresignedUpload, type PublicApi, publicApi, putPresigned } from "./api.ts";
import {
  DEMO_BUYERS,
  DEMO_CREATORS,
  DEMO_LIVE_TITLE,
  DEMO_PASSWORD,
  DEMO_SCHEDULED_TITLE,
  type DemoProduct,
  eventStart,
  LIVE_CREATOR,
} from "./content.ts";
import { coverPng, noiseWav } from "./media.ts";

export {
  DEMO_BUYERS,
  DEMO_CREATORS,
  DEMO_LIVE_TITLE,
  DEMO_PASSWORD,
  DEMO_SCHEDULED_TITLE,
  LIVE_CREATOR,
};

/** A signed-in demo creator. */
export interface Session {
  userId: string;
  token: string;
}

/** A product as the catalog shows it to its editor (the fields the seed reads). */
interface Product {
  id: string;
  slug: string;
  title: string;
  status: string;
  coverUrl: string | null;
  licenceKeyCount: number;
  files: unknown[];
}

/** A stream as the streaming API shows it (the fields the seed reads). */
export interface Stream {
  id: string;
  title: string;
  status: string;
}

/** What a seed run left in the store. */
export interface SeedResult {
  /** Whether this run made anything (false: an earlier run had made it all). */
  created: boolean;
  products: { id: string; slug: string; title: string }[];
  liveStreamId: string;
  scheduledStreamId: string;
}

/** A demo account: a creator, or a buyer (no role asked for). */
interface Account {
  email: string;
  displayName: string;
  role?: "creator";
}

/** Signs in as `account`, making it first if `register` and it is missing. */
export async function signIn(
  api: PublicApi,
  account: Account,
  register = true,
): Promise<Session | null> {
  const login = () =>
    api<{ accessToken: string; user: { id: string } }>("/api/auth/login", {
      body: { email: account.email, password: DEMO_PASSWORD },
    });
  try {
    const { accessToken, user } = await login();
    return { userId: user.id, token: accessToken };
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401) throw error;
    if (!register) return null;
  }
  await api("/api/auth/register", {
    body: { ...account, password: DEMO_PASSWORD },
  });
  const { accessToken, user } = await login();
  return { userId: user.id, token: accessToken };
}

/**
 * Where a run of the dev runner stands: `seeded` when the demo creators exist, `empty` when
 * the store has no product at all, `other` when it has products of its own (left alone).
 */
export async function storeState(base: string): Promise<"seeded" | "empty" | "other"> {
  const api = publicApi(base);
  if (await signIn(api, { ...DEMO_CREATORS[0]!, role: "creator" }, false)) return "seeded";
  const page = await api<{ items: unknown[] }>("/api/products?limit=1");
  return page.items.length === 0 ? "empty" : "other";
}

/** Makes (or finds) every demo account, product and stream on the platform at `base`. */
export async function seedDemo(base: string, now = new Date()): Promise<SeedResult> {
  const api = publicApi(base);
  let created = false;
  const products: SeedResult["products"] = [];
  let ticketId: string | undefined;
  let live: Session | undefined;
  for (const creator of DEMO_CREATORS) {
    const session = (await signIn(api, { ...creator, role: "creator" }))!;
    if (creator === LIVE_CREATOR) live = session;
    const mine = await api<{ items: Product[] }>("/api/products?mine=true&limit=50", {
      token: session.token,
    });
    for (const spec of creator.products) {
      const found = mine.items.find((p) => p.title === spec.title);
      const result = await ensureProduct(base, api, session, spec, found, now);
      created ||= result.created;
      products.push({ id: result.product.id, slug: result.product.slug, title: spec.title });
      if (spec.type === "live_ticket") ticketId = result.product.id;
    }
  }
  const streams = await api<{ items: Stream[] }>("/api/streams/mine?limit=100", {
    token: live!.token,
  });
  let scheduled = streams.items.find((s) => s.title === DEMO_SCHEDULED_TITLE);
  if (!scheduled) {
    created = true;
    scheduled = (await api<{ stream: Stream }>("/api/streams", {
      token: live!.token,
      body: {
        title: DEMO_SCHEDULED_TITLE,
        description: "A demo stream for holders of the live ticket.",
        scheduledStart: eventStart(now).at.toISOString(),
        access: { kind: "ticket", productId: ticketId },
      },
    })).stream;
  }
  const before = streams.items.find(isDemoLive);
  const liveStream = await demoLiveStream(api, live!, streams.items);
  created ||= liveStream.id !== before?.id;
  return { created, products, liveStreamId: liveStream.id, scheduledStreamId: scheduled.id };
}

const isDemoLive = (s: Stream) =>
  s.title === DEMO_LIVE_TITLE && ["scheduled", "live", "reconnecting"].includes(s.status);

/**
 * The demo's live stream: the one not yet over, or a new one (an ended stream cannot go live
 * again; it stays as the creator's past stream).
 */
export async function demoLiveStream(
  api: PublicApi,
  session: Session,
  known?: Stream[],
): Promise<Stream> {
  const streams = known ??
    (await api<{ items: Stream[] }>("/api/streams/mine?limit=100", { token: session.token }))
      .items;
  const current = streams.find(isDemoLive);
  if (current) return current;
  return (await api<{ stream: Stream }>("/api/streams", {
    token: session.token,
    body: {
      title: DEMO_LIVE_TITLE,
      description: "ffmpeg's test pattern and a tone, with the time of day, pushed over RTMP " +
        "by `deno task dev` for as long as it runs.",
      scheduledStart: new Date().toISOString(),
      access: { kind: "free" },
    },
  })).stream;
}

/** Creates the product if it is missing, then gives it what it lacks and publishes it. */
async function ensureProduct(
  base: string,
  api: PublicApi,
  session: Session,
  spec: DemoProduct,
  found: Product | undefined,
  now: Date,
): Promise<{ product: Product; created: boolean }> {
  const { token } = session;
  const path = (id: string) => `/api/products/${id}`;
  let product = found ?? await api<Product>("/api/products", {
    token,
    body: {
      type: spec.type,
      title: spec.title,
      description: spec.description,
      price: spec.price,
      category: spec.category,
      tags: spec.tags,
      ...(spec.capacity ? { capacity: spec.capacity } : {}),
      ...(spec.membership ? { membership: spec.membership } : {}),
      ...(spec.event
        ? {
          event: {
            localStart: eventStart(now).localStart,
            timeZone: "UTC",
            durationMinutes: spec.event.durationMinutes,
          },
        }
        : {}),
    },
  });
  if (!product.coverUrl) {
    // The editor's way: a presigned upload, then the key handed back in a PATCH.
    const png = await coverPng({ title: spec.title, ...spec.cover });
    const { upload, key } = await api<{ upload: PresignedUpload; key: string }>(
      `${path(product.id)}/cover-upload`,
      { token, body: { contentType: "image/png", size: png.byteLength } },
    );
    await putPresigned(base, upload, png);
    product = await api<Product>(path(product.id), {
      method: "PATCH",
      token,
      body: { coverKey: key },
    });
  }
  if (spec.licenceKeys && product.licenceKeyCount === 0) {
    const keys = Array.from(
      { length: spec.licenceKeys },
      (_, i) => `DEMO-${String(i + 1).padStart(4, "0")}-${crypto.randomUUID().slice(0, 8)}`,
    );
    await api(`${path(product.id)}/licence-keys`, { token, body: { keys } });
  }
  if (spec.sample && product.files.length === 0) {
    const wav = await noiseWav();
    const { file, upload } = await api<{ file: { id: string }; upload: PresignedUpload }>(
      `${path(product.id)}/files`,
      {
        token,
        body: { name: "city-ambience-sample.wav", size: wav.byteLength, contentType: "audio/wav" },
      },
    );
    await putPresigned(base, upload, wav);
    await api(`${path(product.id)}/files/${file.id}/confirm`, { method: "POST", token });
  }
  if (product.status === "draft") {
    await api(`${path(product.id)}/publish`, { method: "POST", token });
  }
  return { product, created: !found || found.status === "draft" };
}
