/**
 * Turns the manifest's file paths into a route table: URL patterns in match order, and for
 * each page the layouts and middlewares of its folders, outermost first.
 * @module
 */
import type { ComponentType } from "preact";
import type { LayoutProps, Manifest, Middleware, MiddlewareModule, RouteModule } from "./types.ts";

const SPECIAL = new Set(["_app", "_layout", "_middleware", "_404", "_500"]);
const EXTENSION = /\.(tsx|ts|jsx|js)$/;

/** A page route. */
export interface PageRoute {
  /** The manifest key, such as `./routes/products/[slug].tsx`. */
  file: string;
  /** The Hono path pattern, such as `/products/:slug`. */
  pattern: string;
  module: RouteModule;
  /** Layouts of the page's folders, outermost first. */
  layouts: ComponentType<LayoutProps>[];
  /** Middlewares of the page's folders, outermost first. */
  middlewares: Middleware[];
}

/** Everything the storefront serves, derived from a manifest. */
export interface RouteTable {
  /** In match order: static segments before dynamic ones before catch-alls. */
  pages: PageRoute[];
  app?: ComponentType<LayoutProps>;
  /** The layout of `routes/_layout.tsx`, around the error pages too. */
  rootLayouts: ComponentType<LayoutProps>[];
  notFound?: RouteModule;
  error?: RouteModule;
  /** The middlewares of `routes/_middleware.ts`; they also run for unmatched paths. */
  rootMiddlewares: Middleware[];
}

/** One segment of a route path and how it matches. */
type Segment = { kind: "static" | "param" | "rest"; text: string };

/** Whether a manifest key names a module the router uses (not a private or test file). */
export function isRouteFile(key: string): boolean {
  if (!key.startsWith("./routes/") || !EXTENSION.test(key) || key.endsWith(".d.ts")) return false;
  const parts = key.slice("./routes/".length).split("/");
  const base = parts.pop()!.replace(EXTENSION, "");
  if (parts.some((dir) => dir.startsWith("(_") || dir.startsWith("_"))) return false;
  if (base.endsWith("_test") || base.endsWith(".test")) return false;
  return !base.startsWith("_") || SPECIAL.has(base);
}

/** The URL segments of a page file; `index` and `(group)` folders add none. */
function segmentsOf(key: string): Segment[] {
  const parts = key.slice("./routes/".length).replace(EXTENSION, "").split("/");
  if (parts.at(-1) === "index") parts.pop();
  const segments: Segment[] = [];
  for (const part of parts) {
    if (part.startsWith("(") && part.endsWith(")")) continue;
    const rest = /^\[\.\.\.([A-Za-z_][A-Za-z0-9_]*)\]$/.exec(part);
    const param = /^\[([A-Za-z_][A-Za-z0-9_]*)\]$/.exec(part);
    if (rest) segments.push({ kind: "rest", text: rest[1]! });
    else if (param) segments.push({ kind: "param", text: param[1]! });
    else if (part.includes("[") || part.includes("]")) {
      throw new Error(`Route file "${key}" has a malformed segment "${part}"`);
    } else segments.push({ kind: "static", text: part });
  }
  return segments;
}

/** The Hono pattern of a page file: `[id]` → `:id`, `[...rest]` → `:rest{.+}`. */
export function toPattern(key: string): string {
  const path = segmentsOf(key).map((s) =>
    s.kind === "static" ? s.text : s.kind === "param" ? `:${s.text}` : `:${s.text}{.+}`
  ).join("/");
  return `/${path}`;
}

const RANK = { static: 0, param: 1, rest: 2 } as const;

/** Orders page files so that more specific patterns are tried first. */
export function compareRoutes(a: string, b: string): number {
  const sa = segmentsOf(a), sb = segmentsOf(b);
  for (let i = 0; i < Math.max(sa.length, sb.length); i++) {
    const x = sa[i], y = sb[i];
    // Paths of different lengths never match the same URL unless one ends in a catch-all,
    // which ranks below any segment; so the shorter path goes first.
    if (!x || !y) return x ? 1 : -1;
    if (RANK[x.kind] !== RANK[y.kind]) return RANK[x.kind] - RANK[y.kind];
    if (x.kind === "static" && x.text !== y.text) return x.text < y.text ? -1 : 1;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The folder of a manifest key (`./routes/a/b.tsx` → `./routes/a`). */
const dirOf = (key: string) => key.slice(0, key.lastIndexOf("/"));
const baseOf = (key: string) => key.slice(key.lastIndexOf("/") + 1).replace(EXTENSION, "");

/** Folders from `./routes` down to `dir`, outermost first. */
function ancestry(dir: string): string[] {
  const parts = dir.split("/");
  return parts.slice(1).map((_, i) => parts.slice(0, i + 2).join("/"));
}

function middlewaresOf(module: MiddlewareModule, key: string): Middleware[] {
  const list = Array.isArray(module.handler) ? module.handler : [module.handler];
  if (list.length === 0 || list.some((m) => typeof m !== "function")) {
    throw new Error(`Middleware file "${key}" must export a handler function or an array of them`);
  }
  return list;
}

/** Builds the route table of `manifest`. */
export function routeTable(manifest: Manifest): RouteTable {
  const keys = Object.keys(manifest.routes).filter(isRouteFile);
  const layouts = new Map<string, ComponentType<LayoutProps>>();
  const middlewares = new Map<string, Middleware[]>();
  const table: RouteTable = { pages: [], rootLayouts: [], rootMiddlewares: [] };
  const pageKeys: string[] = [];

  for (const key of keys) {
    const module = manifest.routes[key]!;
    const base = baseOf(key);
    const topLevel = dirOf(key) === "./routes";
    if (base === "_layout") {
      const component = (module as RouteModule).default;
      if (!component) throw new Error(`Layout "${key}" has no default export`);
      layouts.set(dirOf(key), component);
    } else if (base === "_middleware") {
      middlewares.set(dirOf(key), middlewaresOf(module as MiddlewareModule, key));
    } else if (base === "_app" || base === "_404" || base === "_500") {
      if (!topLevel) throw new Error(`"${key}" is only allowed directly in routes/`);
      if (base === "_app") table.app = (module as RouteModule).default;
      else if (base === "_404") table.notFound = module as RouteModule;
      else table.error = module as RouteModule;
    } else pageKeys.push(key);
  }

  table.rootMiddlewares = middlewares.get("./routes") ?? [];
  table.rootLayouts = layouts.has("./routes") ? [layouts.get("./routes")!] : [];
  const seen = new Map<string, string>();
  for (const key of pageKeys.sort(compareRoutes)) {
    const pattern = toPattern(key);
    const clash = seen.get(pattern);
    if (clash) throw new Error(`Routes "${clash}" and "${key}" both match "${pattern}"`);
    seen.set(pattern, key);
    const dirs = ancestry(dirOf(key));
    table.pages.push({
      file: key,
      pattern,
      module: manifest.routes[key] as RouteModule,
      layouts: dirs.flatMap((d) => layouts.get(d) ?? []),
      middlewares: dirs.flatMap((d) => middlewares.get(d) ?? []),
    });
  }
  return table;
}
