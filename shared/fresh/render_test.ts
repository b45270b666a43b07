import assert from "node:assert/strict";
import { h, type VNode } from "preact";
import type { AssetManifest } from "./assets.ts";
import { renderDocument } from "./render.ts";
import { createStorefront } from "./storefront.ts";

function Island() {
  return h("button", null, "Add");
}

const assets: AssetManifest = {
  client: { file: "client-0123456789.js", imports: ["chunk-A.js"] },
  islands: { Island: { file: "Island-0123456789.js", imports: ["chunk-A.js"] } },
  styles: null,
};
// Created while rendering, as pages are: islands are recognised when their vnode is made.
const App = () => h("html", null, h("head", null), h("body", null, h(Island, null)));
const page: VNode = h(App, {});
const islands = new Map([[Island, "Island"]]);

Deno.test("the scripts a page adds carry the host's nonce, or none without one", () => {
  const withNonce = renderDocument(page, { islands, assets, nonce: "__NONCE__" });
  const tags = [...withNonce.matchAll(/<(?:script\b|link rel="modulepreload")[^>]*>/g)];
  assert.equal(tags.length, 4);
  for (const [tag] of tags) assert.ok(tag.includes('nonce="__NONCE__"'), tag);
  assert.doesNotMatch(renderDocument(page, { islands, assets }), /nonce=/);
});

Deno.test("a nonce that is not a base64 token is refused", () => {
  assert.throws(
    () =>
      createStorefront({
        manifest: { routes: {}, islands: {} },
        api: { catalog: null! },
        assets: null,
        nonce: '"><script>',
      }),
    /is not a base64 token/,
  );
});
