/**
 * The shapes route, layout, middleware and island modules follow, modelled on Fresh's.
 * @module
 */
import type { ComponentType } from "preact";

/** A client of one upstream service; `@marquee/resilience`'s `Upstream` fits it. */
export interface UpstreamClient {
  /** Sends a request; 4xx and 5xx answers are returned, not thrown. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** Sends a request and parses a 2xx JSON answer; other statuses throw. */
  json<T>(path: string, init?: RequestInit): Promise<T>;
}

/** The services pages read from, always over HTTP. */
export interface StorefrontApi {
  catalog: UpstreamClient;
  /** Live streams; pages show an empty state while it is absent. */
  streaming?: UpstreamClient;
}

/** What middlewares pass down to handlers and pages. */
export type State = Record<string, unknown>;

/** How a rendered page is answered. */
export interface RenderOptions {
  /** 200 by default. */
  status?: number;
  /** Extra response headers; they win over the ones the route's config implies. */
  headers?: HeadersInit;
  /** Cache tags of a public page, replacing the route config's `cacheTags`. */
  cacheTags?: string[];
}

/** What every handler and middleware receives. */
export interface BaseContext<S extends State = State> {
  req: Request;
  url: URL;
  /** Dynamic segments of the matched route, decoded. */
  params: Record<string, string>;
  /** Shared by the middlewares and the route of one request. */
  state: S;
  api: StorefrontApi;
}

/** The context of a route handler. */
export interface RouteContext<Data = unknown, S extends State = State> extends BaseContext<S> {
  /** Renders the route's page (inside the app and layouts) with `data`. */
  render(data?: Data, options?: RenderOptions): Promise<Response>;
  /** Renders the `_404` page with status 404. */
  renderNotFound(): Promise<Response>;
}

/** The context of a middleware. */
export interface MiddlewareContext<S extends State = State> extends BaseContext<S> {
  /** Runs the next middleware, or the route when none is left. */
  next(): Promise<Response>;
}

/** A `_middleware.ts` handler. */
export type Middleware<S extends State = State> = (
  ctx: MiddlewareContext<S>,
) => Response | Promise<Response>;

/** One method's handler. */
export type Handler<Data = unknown, S extends State = State> = (
  ctx: RouteContext<Data, S>,
) => Response | Promise<Response>;

/** HTTP methods a route module can handle. */
export type Method = "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Handlers per method; a route without `GET` still answers GET by rendering its page. */
export type Handlers<Data = unknown, S extends State = State> = {
  [M in Method]?: Handler<Data, S>;
};

/** Props of a page component. */
export interface PageProps<Data = unknown, S extends State = State> {
  data: Data;
  url: URL;
  params: Record<string, string>;
  state: S;
}

/** Props of `_app` and `_layout` components: the page (and inner layouts) as `Component`. */
export interface LayoutProps<Data = unknown, S extends State = State> extends PageProps<Data, S> {
  Component: ComponentType;
}

/** Props of the `_500` page. */
export interface ErrorPageProps extends PageProps<undefined> {
  error: unknown;
}

/** Per-route settings. */
export interface RouteConfig {
  /**
   * `public`: shared caches may keep the page (it must hold no user data); `private`
   * (the default): never stored.
   */
  cache?: "public" | "private";
  /** Purge tags of a public page when the handler names none. */
  cacheTags?: string[];
}

/** A module under `routes/`: a page, a layout, the app shell or an error page. */
export interface RouteModule {
  // deno-lint-ignore no-explicit-any
  default?: ComponentType<any>;
  // deno-lint-ignore no-explicit-any
  handler?: Handler<any, any> | Handlers<any, any>;
  config?: RouteConfig;
}

/** A `_middleware.ts` module. */
export interface MiddlewareModule {
  // deno-lint-ignore no-explicit-any
  handler: Middleware<any> | Middleware<any>[];
}

/** A module under `islands/`. */
export interface IslandModule {
  // deno-lint-ignore no-explicit-any
  default: ComponentType<any>;
}

/**
 * Every route and island module, keyed by path from the project root (`./routes/index.tsx`,
 * `./islands/AddToCart.tsx`); the root's `fresh.gen.ts` is one, written by the build.
 */
export interface Manifest {
  routes: Record<string, RouteModule | MiddlewareModule>;
  islands: Record<string, IslandModule>;
}
