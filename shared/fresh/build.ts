/**
 * `deno task build`: writes `fresh.gen.ts` at the project root (static imports of every route
 * and island) and bundles the islands and stylesheet into `static/_fresh/` with hashed names.
 *
 * ```sh
 * deno run -A shared/fresh/build.ts
 * ```
 * @module
 */
import { bundleAssets, manifestSource, PROJECT_ROOT, scanProject, writeAssets } from "./builder.ts";

export {
  type BuiltAssets,
  bundleAssets,
  manifestSource,
  PROJECT_ROOT,
  type ProjectPaths,
  scanProject,
  writeAssets,
} from "./builder.ts";

/** Runs both build steps for the project at `root`. */
export async function build(root: string = PROJECT_ROOT): Promise<void> {
  const scan = await scanProject({ root });
  const genPath = `${root}/fresh.gen.ts`;
  const source = manifestSource(scan);
  const before = await Deno.readTextFile(genPath).catch(() => "");
  if (before !== source) await Deno.writeTextFile(genPath, source);
  console.log(
    `${before === source ? "Kept" : "Wrote"} fresh.gen.ts: ` +
      `${scan.routes.length} route modules, ${scan.islands.length} islands`,
  );
  const started = performance.now();
  const built = await bundleAssets({ root });
  await writeAssets(`${root}/static/_fresh`, built);
  const bytes = [...built.files.values()].reduce((sum, b) => sum + b.byteLength, 0);
  console.log(
    `Wrote static/_fresh/: ${built.files.size} files, ${(bytes / 1024).toFixed(1)} KiB ` +
      `in ${Math.round(performance.now() - started)} ms`,
  );
}

if (import.meta.main) await build();
