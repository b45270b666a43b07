/**
 * Accessibility checks of a page in Chromium with axe-core: the rules of WCAG 2.1 A and AA,
 * and a failure for every serious or critical violation, naming the rule and the elements.
 * @module
 */
import type { Page } from "playwright-core";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
let axeSource: string | undefined;

/** axe-core's browser bundle, read once from the installed package. */
function source(): string {
  axeSource ??= Deno.readTextFileSync(require.resolve("axe-core/axe.min.js"));
  return axeSource;
}

/** One violation as axe reports it, trimmed to what a failure message needs. */
export interface AccessibilityViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** Runs axe on the page as it is now and returns its serious and critical violations. */
export async function accessibilityViolations(page: Page): Promise<AccessibilityViolation[]> {
  if (!await page.evaluate(() => "axe" in globalThis)) {
    await page.addScriptTag({ content: source() });
  }
  const found = await page.evaluate(async () => {
    // deno-lint-ignore no-explicit-any
    const axe = (globalThis as any).axe;
    // deno-lint-ignore no-explicit-any
    const result = await axe.run((globalThis as any).document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    });
    // deno-lint-ignore no-explicit-any
    return result.violations.map((v: any) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      // deno-lint-ignore no-explicit-any
      targets: v.nodes.map((n: any) => String(n.target.join(" "))),
    }));
  }) as AccessibilityViolation[];
  return found.filter((v) => v.impact === "serious" || v.impact === "critical");
}

/** Fails when the page has a serious or critical accessibility violation. */
export async function assertAccessible(page: Page, where = page.url()): Promise<void> {
  const violations = await accessibilityViolations(page);
  if (violations.length === 0) return;
  const lines = violations.map((v) =>
    `- ${v.id} (${v.impact}): ${v.help}\n    ${v.targets.slice(0, 5).join("\n    ")}`
  );
  throw new Error(`${where}: ${violations.length} accessibility violation(s)\n${lines.join("\n")}`);
}
