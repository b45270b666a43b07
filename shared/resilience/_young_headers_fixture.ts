/**
 * Run by `http1_transport_test.ts` with `--expose-gc`: whether the header lines the transport
 * keeps for each answer die in a scavenge once the answer is dropped, beside a control kept
 * the way they once were (in a long-lived `WeakMap` keyed by the answer). Prints how many of
 * each survived a scavenge, as JSON.
 * @module
 */
import { createHttp1Transport, receivedHeaderList } from "./http1_transport.ts";

const gc = (globalThis as { gc?: (options?: { type: string }) => void }).gc!;
const TRIALS = 20;
const turn = () => new Promise((resolve) => setTimeout(resolve, 0));

const server = Deno.serve(
  { port: 0, hostname: "127.0.0.1", onListen() {} },
  () => Response.json({ ok: true }, { headers: { "x-one": "1", "x-two": "2" } }),
);
const url = `http://127.0.0.1:${server.addr.port}/`;
const transport = createHttp1Transport();
const control = new WeakMap<object, object>();
// A full collection moves what is alive to the old generation, as a module's map would be.
gc();

// Everything but the weak references goes out of scope when this returns.
async function oneAnswer(): Promise<{ lines: WeakRef<object>; kept: WeakRef<object> }> {
  const res = await transport.fetch(url, { redirect: "manual" });
  await res.arrayBuffer();
  const value = { lines: [...receivedHeaderList(res)!] };
  control.set({}, value);
  return { lines: new WeakRef(receivedHeaderList(res)!), kept: new WeakRef(value) };
}

let headers = 0;
let controls = 0;
for (let i = 0; i < TRIALS; i++) {
  gc({ type: "minor" });
  const { lines, kept } = await oneAnswer();
  // WeakRef targets live to the end of the job that made them.
  await turn();
  gc({ type: "minor" });
  await turn();
  if (lines.deref()) headers++;
  if (kept.deref()) controls++;
}
transport.close();
await server.shutdown();
console.log(JSON.stringify({ trials: TRIALS, headers, controls }));
