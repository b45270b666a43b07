/**
 * The built browser assets (island bundles, shared chunks, the hashed stylesheet) and
 * where they are read from: the build's output folder, or memory after a start-up build.
 * @module
 */

/** One bundled entry module and the chunks it imports, directly or not. */
export interface AssetEntry {
  file: string;
  imports: string[];
}

/** `manifest.json` of the build output. */
export interface AssetManifest {
  /** The boot module that hydrates islands. */
  client: AssetEntry;
  /** Island name → its bundle. */
  islands: Record<string, AssetEntry>;
  /** The hashed stylesheet's file name, if the project has one. */
  styles: string | null;
}

/** Built assets, readable by file name. */
export interface AssetSource {
  manifest: AssetManifest;
  /** The file's bytes, or null when there is no such file. */
  read(file: string): Promise<Uint8Array | null>;
}

/** The manifest's file name inside the output folder. */
export const MANIFEST_FILE = "manifest.json";

/** A file name the asset routes serve: no folders, no dot files. */
export const SAFE_FILE = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/** Assets held in memory, as a start-up build leaves them. */
export function memoryAssets(
  manifest: AssetManifest,
  files: ReadonlyMap<string, Uint8Array>,
): AssetSource {
  return { manifest, read: (file) => Promise.resolve(files.get(file) ?? null) };
}

/** Assets in the build's output folder, or null when it holds no manifest. */
export async function diskAssets(dir: string): Promise<AssetSource | null> {
  let text: string;
  try {
    text = await Deno.readTextFile(`${dir}/${MANIFEST_FILE}`);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
  const manifest = JSON.parse(text) as AssetManifest;
  return {
    manifest,
    async read(file) {
      if (!SAFE_FILE.test(file)) return null;
      try {
        return await Deno.readFile(`${dir}/${file}`);
      } catch (error) {
        if (error instanceof Deno.errors.NotFound || error instanceof Deno.errors.IsADirectory) {
          return null;
        }
        throw error;
      }
    },
  };
}

/**
 * What the build in `dir` is: a digest of its manifest, which names every hashed file. A page
 * links the files of the build that rendered it, so a cache of pages belongs to one build;
 * without a build (islands bundled in memory) every process is a build of its own.
 */
export async function buildId(dir: string): Promise<string> {
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = await Deno.readFile(`${dir}/${MANIFEST_FILE}`);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return `unbuilt-${crypto.randomUUID()}`;
    throw error;
  }
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest.slice(0, 6), (b) => b.toString(16).padStart(2, "0")).join("");
}
