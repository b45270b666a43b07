/**
 * CPU time per process group from `/proc`, to show which process a checkout waits on: this
 * copy's services and edge (found by `MARQUEE_PORT_OFFSET` in their environment), Postgres,
 * Kafka, stripe-mock and the load generator itself.
 * @module
 */

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** Which group a process belongs to, or undefined when it is not watched. */
function classify(pid: number, cmdline: string[], environ: string, offset: number) {
  if (pid === Deno.pid) return "load generator";
  const args = cmdline.join(" ");
  const ours = environ.includes(`\0MARQUEE_PORT_OFFSET=${offset}\0`) ||
    environ.startsWith(`MARQUEE_PORT_OFFSET=${offset}\0`);
  const service = /services\/([a-z_]+)\/main\.ts/.exec(args);
  if (service && ours) return service[1];
  if (/edge\/main\.ts/.test(args) && ours) return "edge";
  if (/(^|\/)postgres(:|\s|$)/.test(cmdline[0] ?? "")) return "postgres";
  if (cmdline[0]?.endsWith("java") && /kafka/i.test(args)) return "kafka";
  if (/stripe-mock/.test(cmdline[0] ?? "")) return "stripe-mock";
  return undefined;
}

/** CPU seconds (user + system) used so far by each watched group. */
export async function cpuSnapshot(offset: number): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for await (const entry of Deno.readDir("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    const pid = Number(entry.name);
    try {
      const cmdline = (await Deno.readTextFile(`/proc/${pid}/cmdline`)).split("\0");
      const environ = await Deno.readTextFile(`/proc/${pid}/environ`).catch(() => "");
      const group = classify(pid, cmdline, environ, offset);
      if (!group) continue;
      const stat = await Deno.readTextFile(`/proc/${pid}/stat`);
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime
      out.set(group, (out.get(group) ?? 0) + ticks / TICKS_PER_SECOND);
    } catch {
      // The process ended while it was read.
    }
  }
  return out;
}

/** Cores each group kept busy between two snapshots `seconds` apart, busiest first. */
export function coresUsed(
  before: Map<string, number>,
  after: Map<string, number>,
  seconds: number,
): Array<[string, number]> {
  return [...after].map(([group, cpu]): [string, number] => [
    group,
    (cpu - (before.get(group) ?? 0)) / seconds,
  ]).sort((a, b) => b[1] - a[1]);
}
