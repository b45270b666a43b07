/**
 * Media the demo content is made of, drawn by ffmpeg: cover images (a two-colour gradient with
 * the product's kind and title) and a short audio sample for the digital asset.
 * @module
 */

/** A cover's size: the storefront's cards are 4:3. */
const COVER_SIZE = { width: 1200, height: 900 };

/** Runs ffmpeg with `args`, writing to `output`, and returns the bytes written. */
async function ffmpeg(args: string[], output: string): Promise<Uint8Array<ArrayBuffer>> {
  const run = await new Deno.Command("ffmpeg", {
    args: ["-hide_banner", "-loglevel", "error", "-y", ...args, output],
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).output();
  if (!run.success) {
    throw new Error(`ffmpeg could not make "${output}": ${new TextDecoder().decode(run.stderr)}`);
  }
  return await Deno.readFile(output);
}

/** What a cover shows. */
export interface CoverSpec {
  /** The product's title, in large type, wrapped to fit. */
  title: string;
  /** A small line above it, such as "COURSE". */
  kicker: string;
  /** The gradient's colours, as `0xRRGGBB`. */
  colors: [string, string];
}

/** `text` broken into lines of at most `width` characters, at spaces. */
export function wrap(text: string, width: number): string {
  const lines: string[] = [];
  for (const word of text.split(/\s+/)) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 1 + word.length <= width) {
      lines[lines.length - 1] = `${last} ${word}`;
    } else lines.push(word);
  }
  return lines.join("\n");
}

/** A PNG cover for `spec`. */
export async function coverPng(spec: CoverSpec): Promise<Uint8Array<ArrayBuffer>> {
  const dir = await Deno.makeTempDir({ prefix: "marquee-seed-" });
  try {
    // Text read from files needs no escaping for the filter graph.
    await Deno.writeTextFile(`${dir}/title.txt`, wrap(spec.title, 24));
    await Deno.writeTextFile(`${dir}/kicker.txt`, spec.kicker);
    const { width: w, height: h } = COVER_SIZE;
    const [c0, c1] = spec.colors;
    const text = (file: string, size: number, y: string) =>
      `drawtext=textfile=${dir}/${file}:fontcolor=white:fontsize=${size}:line_spacing=12:` +
      `x=80:y=${y}:shadowx=2:shadowy=2:shadowcolor=black@0.4`;
    return await ffmpeg([
      "-f",
      "lavfi",
      "-i",
      // `speed` at its least: the gradient stands still.
      `gradients=s=${w}x${h}:c0=${c0}:c1=${c1}:x0=0:y0=0:x1=${w - 1}:y1=${h - 1}:` +
      `nb_colors=2:speed=0.00001`,
      "-vf",
      [text("kicker.txt", 36, "96"), text("title.txt", 76, "(h-text_h)/2"), "format=rgb24"]
        .join(","),
      "-frames:v",
      "1",
    ], `${dir}/cover.png`);
  } finally {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}

/** A few seconds of pink noise as a WAV file: the asset's sample download. */
export async function noiseWav(seconds = 3): Promise<Uint8Array<ArrayBuffer>> {
  const dir = await Deno.makeTempDir({ prefix: "marquee-seed-" });
  try {
    return await ffmpeg([
      ...["-f", "lavfi", "-i", `anoisesrc=color=pink:amplitude=0.2:duration=${seconds}`],
      ...["-ac", "1", "-ar", "22050"],
    ], `${dir}/sample.wav`);
  } finally {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}
