import assert from "node:assert/strict";
import { launchChromium } from "./browser.ts";
import { accessibilityViolations, assertAccessible } from "./accessibility.ts";

Deno.test("axe names the serious and critical violations of a page and passes a sound one", async () => {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.setContent(`<html><body><img src="x.png"><button></button></body></html>`);
    const ids = (await accessibilityViolations(page)).map((v) => v.id).sort();
    assert.deepEqual(ids, ["button-name", "document-title", "html-has-lang", "image-alt"]);
    await assert.rejects(assertAccessible(page, "bad page"), /image-alt/);

    await page.setContent(
      `<html lang="en"><head><title>Fine</title></head><body><main><h1>Fine</h1>` +
        `<img src="x.png" alt="A cover"><button>Buy</button></main></body></html>`,
    );
    await assertAccessible(page, "sound page");
  } finally {
    await browser.close();
  }
});
