import assert from "node:assert/strict";
import { buildId, MANIFEST_FILE } from "./assets.ts";

Deno.test("a build is named by its manifest; without one each process is its own build", async () => {
  const dir = await Deno.makeTempDir({ prefix: "marquee-build-" });
  try {
    const unbuilt = [await buildId(dir), await buildId(dir)];
    assert.ok(unbuilt.every((id) => id.startsWith("unbuilt-")));
    assert.notEqual(unbuilt[0], unbuilt[1]);

    const manifest = { client: { file: "client-1.js", imports: [] }, islands: {}, styles: null };
    await Deno.writeTextFile(`${dir}/${MANIFEST_FILE}`, JSON.stringify(manifest));
    const first = await buildId(dir);
    assert.match(first, /^[0-9a-f]{12}$/);
    assert.equal(await buildId(dir), first);

    const next = { ...manifest, styles: "styles-2.css" };
    await Deno.writeTextFile(`${dir}/${MANIFEST_FILE}`, JSON.stringify(next));
    assert.notEqual(await buildId(dir), first);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
