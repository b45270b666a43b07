/**
 * `createStorefront`: the Hono app that serves the pages of `routes/` (through their
 * middlewares, layouts and the app shell), the built island bundles and the static folder.
 * @module
 */
import { type Context, Hono } from "hono";
import { type ComponentType, h, type VNode } from "preact";
import type { Logger } from "@marquee/log";
import { type AssetSource, diskAssets, memoryAssets } from "./assets.ts";
import { bundleAssets, islandName, PROJECT_ROOT } from "./builder.ts";
import { renderDocument } from "./render.ts";
import { type PageRoute, routeTable } from "./routes.ts";
import { serveBuilt, serveStatic } from "./static.ts";
import type {
  BaseContext,
  Handler,
  Handlers,
  LayoutProps,
  Manifest,
  Middleware,
  PageProps,
  RenderOptions,
  RouteContext,
  StorefrontApi,
} from "./types.ts";

/** Cache-Control of public pages: shared caches keep them a minute, then revalidate. */
export const PUBLIC_CACHE = "public, max-age=0, s-maxage=60, stale-while-revalidate=300";
/** Cache-Control of personal pages and of every non-200 page. */
export const PRIVATE_CACHE = "private, no-store";

/** Options of `createStorefront`. */
export interface StorefrontOptions {
  /** The route and island modules: the root's `fresh.gen.ts`, handed in by the entry point. */
  manifest: Manifest;
  /** Upstream clients the pages read from. */
  api: StorefrontApi;
  /** The static folder served under `/static/`; its `_fresh/` holds the build. */
  staticDir?: string;
  logger?: Logger;
  /**
   * The `nonce` attribute of the scripts pages add, such as a placeholder the host swaps for
   * each response's CSP nonce; none when absent.
   */
  nonce?: string;
  /**
   * Built assets; by default read from `<staticDir>/_fresh/`, or when that has no manifest,
   * bundled in memory at start-up (slower first request, for development). `null` serves
   * pages without island scripts.
   */
  assets?: AssetSource | null;
}

const HTML = "text/html; charset=utf-8";
/** A CSP nonce's characters (base64 or base64url); the attribute needs no escaping then. */
const NONCE = /^[A-Za-z0-9+/_-]+={0,2}$/;

function DefaultApp({ Component }: LayoutProps) {
  return h(
    "html",
    { lang: "en" },
    h(
      "head",
      null,
      h("meta", { charset: "utf-8" }),
      h("meta", {
        name: "viewport",
        content: "width=device-width, initial-scale=1",
      }),
    ),
    h("body", null, h(Component, null)),
  );
}

const DefaultNotFound = () => h("h1", null, "Page not found");
const DefaultError = () => h("h1", null, "Something went wrong");

/** Creates the storefront app; the edge mounts it at `/`. */
export function createStorefront(options: StorefrontOptions): Hono {
  const { api, logger, manifest, nonce } = options;
  if (nonce !== undefined && !NONCE.test(nonce)) {
    throw new Error(`The nonce "${nonce}" is not a base64 token`);
  }
  const staticDir = options.staticDir ?? `${PROJECT_ROOT}/static`;
  const table = routeTable(manifest);
  const islands = new Map<ComponentType, string>(
    Object.entries(manifest.islands).map(([key, mod]) => [mod.default, islandName(key)]),
  );
  const assets = loadAssets(options, staticDir, logger);
  const { rootLayouts } = table;

  const compose = (
    layouts: ComponentType<LayoutProps>[],
    Page: ComponentType<PageProps>,
    props: PageProps,
  ): VNode => {
    let Inner: ComponentType = () => h(Page, props);
    for (const Layout of [...layouts].reverse()) {
      const Child: ComponentType = Inner;
      Inner = () => h(Layout, { ...props, Component: Child });
    }
    const App: ComponentType<LayoutProps> = table.app ?? DefaultApp;
    return h(App, { ...props, Component: Inner }) as VNode;
  };

  const document = async (tree: VNode, status: number, headers: Headers) => {
    const html = renderDocument(tree, { islands, assets: (await assets)?.manifest ?? null, nonce });
    headers.set("content-type", HTML);
    return new Response(html, { status, headers });
  };

  const notFound = (base: BaseContext) => {
    const props: PageProps = { data: undefined, url: base.url, params: {}, state: base.state };
    const Page = table.notFound?.default ?? DefaultNotFound;
    const headers = new Headers({ "cache-control": PRIVATE_CACHE });
    return document(compose(rootLayouts, Page, props), 404, headers);
  };

  const failed = async (base: BaseContext, error: unknown): Promise<Response> => {
    logger?.error("Page failed", { path: base.url.pathname, error });
    const props = { data: undefined, url: base.url, params: {}, state: base.state, error };
    const Page = table.error?.default ?? DefaultError;
    const headers = new Headers({ "cache-control": PRIVATE_CACHE });
    try {
      return await document(compose(rootLayouts, Page, props), 500, headers);
    } catch {
      // The layouts may be what failed; the bare error page still tells the visitor.
      try {
        return await document(compose([], Page, props), 500, headers);
      } catch {
        return new Response("Internal server error", { status: 500, headers });
      }
    }
  };

  const render = async (
    page: PageRoute,
    base: BaseContext,
    data: unknown,
    opts: RenderOptions = {},
  ) => {
    const Page = page.module.default;
    if (!Page) throw new Error(`Route "${page.file}" has no page component to render`);
    const status = opts.status ?? 200;
    const headers = new Headers({ "cache-control": PRIVATE_CACHE });
    if (page.module.config?.cache === "public" && status === 200) {
      headers.set("cache-control", PUBLIC_CACHE);
      const tags = opts.cacheTags ?? page.module.config.cacheTags ?? [];
      if (tags.length > 0) headers.set("x-cache-tags", tags.join(","));
    }
    new Headers(opts.headers).forEach((value, name) => headers.set(name, value));
    const props: PageProps = { data, url: base.url, params: base.params, state: base.state };
    return await document(compose(page.layouts, Page, props), status, headers);
  };

  const runRoute = async (page: PageRoute, base: BaseContext): Promise<Response> => {
    const method = base.req.method === "HEAD" ? "GET" : base.req.method;
    const ctx: RouteContext = {
      ...base,
      render: (data, opts) => render(page, base, data, opts),
      renderNotFound: () => notFound(base),
    };
    const handler = page.module.handler;
    let res: Response;
    if (typeof handler === "function") res = await handler(ctx);
    else if (handler?.[method as keyof Handlers]) {
      res = await (handler[method as keyof Handlers] as Handler)(ctx);
    } else if (method === "GET" && page.module.default) res = await ctx.render(undefined);
    else {
      const allow = new Set(Object.keys(handler ?? {}));
      if (page.module.default) allow.add("GET");
      return new Response(null, {
        status: 405,
        headers: { allow: [...allow].join(", "), "cache-control": PRIVATE_CACHE },
      });
    }
    if (res.headers.has("cache-control")) return res;
    // A copy, since some responses (redirects, fetched ones) have immutable headers.
    const copy = new Response(res.body, res);
    copy.headers.set("cache-control", PRIVATE_CACHE);
    return copy;
  };

  const handle = async (c: Context, page: PageRoute | null) => {
    const base: BaseContext = {
      req: c.req.raw,
      url: new URL(c.req.url),
      params: page ? c.req.param() as Record<string, string> : {},
      state: {},
      api,
    };
    try {
      const middlewares = page ? page.middlewares : table.rootMiddlewares;
      return await chain(middlewares, base, () => page ? runRoute(page, base) : notFound(base));
    } catch (error) {
      return await failed(base, error);
    }
  };

  const app = new Hono();
  app.get("/_fresh/:file", async (c) => {
    const source = await assets;
    return (source && await serveBuilt(c, source.read)) ?? assetNotFound();
  });
  app.get("/static/*", async (c) => await serveStatic(c, staticDir) ?? assetNotFound());
  for (const page of table.pages) app.all(page.pattern, (c) => handle(c, page));
  app.notFound((c) => handle(c, null));
  return app;
}

/** Runs `middlewares` in order, each reaching the next through `ctx.next()`. */
function chain(
  middlewares: Middleware[],
  base: BaseContext,
  last: () => Promise<Response>,
): Promise<Response> {
  let index = 0;
  const ctx = {
    ...base,
    next: (): Promise<Response> => {
      const middleware = middlewares[index++];
      return middleware ? Promise.resolve(middleware(ctx)) : last();
    },
  };
  return ctx.next();
}

function assetNotFound() {
  return new Response("Not found", {
    status: 404,
    headers: { "content-type": "text/plain; charset=utf-8", "cache-control": PRIVATE_CACHE },
  });
}

async function loadAssets(
  options: StorefrontOptions,
  staticDir: string,
  logger: Logger | undefined,
): Promise<AssetSource | null> {
  if (options.assets !== undefined) return options.assets;
  try {
    const disk = await diskAssets(`${staticDir}/_fresh`);
    if (disk) return disk;
    logger?.warn("Islands are not built; bundling them in memory (run `deno task build`)");
    const built = await bundleAssets({ root: PROJECT_ROOT });
    return memoryAssets(built.manifest, built.files);
  } catch (error) {
    logger?.error("Island assets are unavailable; pages are served without them", { error });
    return null;
  }
}
