import assert from "node:assert/strict";
import { ROOT, RUNTIME_FLAGS } from "./services.ts";

// `deno task dev` (embedded mode runs every service in the dev process itself) and the
// container's command start processes without going through `infra/dev.ts`.
Deno.test("the dev task and the container image run with the platform's V8 settings", async () => {
  const tasks = JSON.parse(await Deno.readTextFile(`${ROOT}deno.json`)).tasks;
  const dockerfile = await Deno.readTextFile(`${ROOT}infra/Dockerfile`);
  const command = dockerfile.split("\n").find((line) => line.startsWith("CMD "))!;
  for (const flag of RUNTIME_FLAGS) {
    assert.ok(tasks.dev.includes(`deno run -A ${flag} infra/dev.ts`), `dev task lacks ${flag}`);
    // Once for the edge, once for a service.
    assert.equal(command.split(flag).length - 1, 2, `the image's command lacks ${flag}`);
  }
});
