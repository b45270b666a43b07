import assert from "node:assert/strict";
import { createLogger, withLogContext } from "./mod.ts";

Deno.test("log lines are JSON with service, level and the ambient request and trace ids", () => {
  const lines: string[] = [];
  const log = createLogger({ service: "users", sink: (l) => lines.push(l) });
  withLogContext({ requestId: "req-1", traceId: "abc" }, () => log.info("Signed in", { n: 1 }));
  const line = JSON.parse(lines[0]!);
  assert.equal(line.service, "users");
  assert.equal(line.level, "info");
  assert.equal(line.requestId, "req-1");
  assert.equal(line.traceId, "abc");
  assert.equal(line.n, 1);
});

Deno.test("lines below the level are dropped and errors are serialized", () => {
  const lines: string[] = [];
  const log = createLogger({ service: "s", level: "warn", sink: (l) => lines.push(l) });
  log.info("quiet");
  log.child({ part: "relay" }).error("Publish failed", { error: new Error("down") });
  assert.equal(lines.length, 1);
  const line = JSON.parse(lines[0]!);
  assert.equal(line.part, "relay");
  assert.equal(line.error.message, "down");
});
