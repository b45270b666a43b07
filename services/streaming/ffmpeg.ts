/**
 * Running ffmpeg as a child process, bounded in time: what remuxes recordings into replays
 * and grabs frames. A failure carries the end of ffmpeg's own message.
 * @module
 */

/** Options of {@linkcode runFfmpeg}. */
export interface FfmpegOptions {
  /** The executable; `ffmpeg` on the PATH by default. */
  binary?: string;
  /** Killed past this; 120000 ms by default. */
  timeoutMs?: number;
}

/** Runs ffmpeg with `args` (after `-hide_banner -loglevel error -nostdin -y`). */
export async function runFfmpeg(args: string[], options: FfmpegOptions = {}): Promise<void> {
  const { binary = "ffmpeg", timeoutMs = 120_000 } = options;
  const out = await new Deno.Command(binary, {
    args: ["-hide_banner", "-loglevel", "error", "-nostdin", "-y", ...args],
    stdin: "null",
    stdout: "null",
    stderr: "piped",
    signal: AbortSignal.timeout(timeoutMs),
  }).output();
  if (!out.success) {
    const message = new TextDecoder().decode(out.stderr).trim().slice(-500);
    throw new Error(`ffmpeg failed (${out.signal ?? `exit ${out.code}`}): ${message}`);
  }
}

/** ffmpeg's arguments for one JPEG frame of `input`, at most 1280 pixels wide. */
export function frameArgs(input: string, output: string): string[] {
  return [
    ...["-i", input, "-frames:v", "1", "-an"],
    ...["-vf", "scale='min(1280,iw)':-2", "-q:v", "3", "-f", "image2", output],
  ];
}
