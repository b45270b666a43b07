/**
 * Server rendering: a page inside its layouts and the app shell to one HTML document, with
 * every island wrapped in a `<marquee-island>` marker carrying its props, the `<Head>`
 * elements and stylesheet placed in the head, and one boot module that hydrates the islands
 * the page used, its scripts carrying the host's nonce.
 * @module
 */
import {
  type ComponentChildren,
  type ComponentType,
  Fragment,
  h,
  options,
  type VNode,
} from "preact";
import { renderToString } from "preact-render-to-string";
import type { AssetManifest } from "./assets.ts";
import { safeJson } from "./serialize.ts";

/** The element that wraps each island's server HTML; styled `display: contents`. */
export const ISLAND_TAG = "marquee-island";

interface RenderState {
  islands: ReadonlyMap<ComponentType, string>;
  used: Set<string>;
  head: ComponentChildren[];
  /** Island markers being rendered around the current node: islands inside islands stay plain. */
  depth: number;
}

// renderToString is synchronous, so the render in progress is a plain variable.
let current: RenderState | undefined;
let creatingInner = false;

interface MarkerProps {
  name: string;
  island: ComponentType;
  props: Record<string, unknown>;
}

function IslandMarker({ name, island, props }: MarkerProps) {
  if (current) current.depth++;
  creatingInner = true;
  let inner: VNode;
  try {
    inner = h(island, props);
  } finally {
    creatingInner = false;
  }
  return h(ISLAND_TAG, { "data-name": name, "data-props": safeJson(props) }, inner);
}

const previousVnode = options.vnode;
options.vnode = (vnode) => {
  const state = current;
  if (state && !creatingInner && state.depth === 0 && typeof vnode.type === "function") {
    const name = state.islands.get(vnode.type as ComponentType);
    if (name) {
      const { children, ...props } = vnode.props as Record<string, unknown>;
      if (children !== undefined) {
        throw new Error(`Island "${name}" was given children; islands take JSON props only`);
      }
      state.used.add(name);
      const marker: MarkerProps = { name, island: vnode.type as ComponentType, props };
      (vnode as { type: unknown }).type = IslandMarker;
      (vnode as { props: unknown }).props = marker;
    }
  }
  previousVnode?.(vnode);
};

const previousDiffed = options.diffed;
options.diffed = (vnode) => {
  if (current && vnode.type === IslandMarker) current.depth--;
  previousDiffed?.(vnode);
};

/** Puts its children in the document's `<head>` (titles, meta tags); renders nothing in place. */
export function Head({ children }: { children?: ComponentChildren }): null {
  current?.head.push(children);
  return null;
}

/** What a document needs besides the page tree. */
export interface DocumentOptions {
  /** Island components and their names. */
  islands: ReadonlyMap<ComponentType, string>;
  /** The built assets; without them islands stay server-rendered only. */
  assets: AssetManifest | null;
  /** The `nonce` of the scripts the document adds (a CSP nonce token); none when absent. */
  nonce?: string;
}

const FRESH = "/_fresh/";

/** Renders `tree` (an `<html>` element) to a complete HTML document. */
export function renderDocument(tree: VNode, options: DocumentOptions): string {
  const state: RenderState = { islands: options.islands, used: new Set(), head: [], depth: 0 };
  let html: string;
  current = state;
  try {
    html = renderToString(tree);
  } finally {
    current = undefined;
  }
  const { assets } = options;
  const nonce = options.nonce === undefined ? "" : ` nonce="${options.nonce}"`;
  const head = state.head.map((children) => renderToString(h(Fragment, null, children))).join("");
  const styles = assets?.styles ? FRESH + assets.styles : "/static/styles.css";
  let headTags = `${head}<link rel="stylesheet" href="${styles}">`;
  let bodyTags = "";
  const used = [...state.used].sort().filter((name) => assets?.islands[name]);
  if (assets && used.length > 0) {
    const entries = [assets.client, ...used.map((name) => assets.islands[name]!)];
    const preload = new Set(entries.flatMap((e) => [e.file, ...e.imports]));
    for (const file of preload) {
      headTags += `<link rel="modulepreload" href="${FRESH}${file}"${nonce}>`;
    }
    const imports = used.map((name, i) =>
      `import i${i} from"${FRESH}${assets.islands[name]!.file}";`
    );
    const map = used.map((name, i) => `${safeJson(name)}:i${i}`).join(",");
    bodyTags = `<script type="module"${nonce}>import{boot}from"${FRESH}${assets.client.file}";` +
      `${imports.join("")}boot({${map}});</script>`;
  }
  return "<!DOCTYPE html>" +
    insertBefore(insertBefore(html, "</head>", headTags, false), "</body>", bodyTags, true);
}

function insertBefore(html: string, tag: string, text: string, last: boolean): string {
  if (!text) return html;
  const at = last ? html.lastIndexOf(tag) : html.indexOf(tag);
  return at < 0 ? html + text : html.slice(0, at) + text + html.slice(at);
}
