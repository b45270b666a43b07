/**
 * CPU seconds of the processes a live viewer reaches: the edge and the streaming service
 * (`../_cpu.ts`), the media server of this copy of the platform, and the bench itself.
 * @module
 */
import { cpuSnapshot } from "../_cpu.ts";

export { coresUsed } from "../_cpu.ts";

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** CPU seconds used so far by the edge, streaming, MediaMTX and the bench. */
export async function liveCpuSnapshot(offset: number): Promise<Map<string, number>> {
  const groups = await cpuSnapshot(offset);
  const out = new Map<string, number>();
  for (const name of ["edge", "streaming", "load generator"]) out.set(name, groups.get(name) ?? 0);
  let media = 0;
  for await (const entry of Deno.readDir("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    try {
      const cmdline = await Deno.readTextFile(`/proc/${entry.name}/cmdline`);
      if (!cmdline.split("\0")[0]?.endsWith("/mediamtx")) continue;
      const environ = await Deno.readTextFile(`/proc/${entry.name}/environ`);
      if (!`\0${environ}`.includes(`\0MARQUEE_PORT_OFFSET=${offset}\0`)) continue;
      const stat = await Deno.readTextFile(`/proc/${entry.name}/stat`);
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      media += (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
    } catch {
      // The process ended while it was read.
    }
  }
  out.set("media server", media);
  return out;
}
