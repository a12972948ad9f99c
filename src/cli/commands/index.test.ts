import assert from "node:assert/strict";
import { test } from "node:test";
import { Command } from "commander";
import { COMMAND_MODULES } from "./index.js";

test("each capability's module registers exactly the top-level commands the table names for it", async () => {
  for (const capability of COMMAND_MODULES) {
    const program = new Command("diachiso");
    (await capability.load())(program);
    assert.deepEqual(
      program.commands.map((c) => c.name()),
      capability.commands,
    );
  }
});

test("no top-level command is claimed by two capabilities", () => {
  const names = COMMAND_MODULES.flatMap((c) => c.commands);
  assert.equal(new Set(names).size, names.length);
});
