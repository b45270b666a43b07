/**
 * `deno task build`: writes `edge/fresh.gen.ts` (static imports of every route and island)
 * and bundles the islands and stylesheet into `edge/static/_fresh/` with hashed names.
 *
 * ```sh
 * deno run -A edge/fresh/build.ts
 * ```
 * @module
 */
import { bundleAssets, manifestSource, PROJECT_ROOT, scanProject, writeAssets } from "./builder.ts";

/** Runs both build steps for the project at `root`. */
export async function build(root: string = PROJECT_ROOT): Promise<void> {
  const scan = await scanProject({ root });
  const genPath = `${root}/edge/fresh.gen.ts`;
  const source = manifestSource(scan);
  const before = await Deno.readTextFile(genPath).catch(() => "");
  if (before !== source) await Deno.writeTextFile(genPath, source);
  console.log(
    `${before === source ? "Kept" : "Wrote"} edge/fresh.gen.ts: ` +
      `${scan.routes.length} route modules, ${scan.islands.length} islands`,
  );
  const started = performance.now();
  const built = await bundleAssets({ root });
  await writeAssets(`${root}/edge/static/_fresh`, built);
  const bytes = [...built.files.values()].reduce((sum, b) => sum + b.byteLength, 0);
  console.log(
    `Wrote edge/static/_fresh/: ${built.files.size} files, ${(bytes / 1024).toFixed(1)} KiB ` +
      `in ${Math.round(performance.now() - started)} ms`,
  );
}

if (import.meta.main) await build();
