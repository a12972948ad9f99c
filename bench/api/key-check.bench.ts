/**
 * The API key check alone: CPU time per `AccessService.resolve` of a live partner key (what every
 * keyed request to `serve` pays before its route), with 1, 5 and 20 calls awaited together, as the
 * requests a server reads in one turn of its event loop. The key is made for the run and revoked
 * after it. To compare two builds, run each build's copy of this file in turn.
 *
 *   npx tsc -p . && node dist/bench/api/key-check.bench.js --db STORE [--calls 60000]
 */
import { loadavg } from "node:os";
import { AccessService } from "../../src/services/access.js";
import { sharedStore } from "../../src/services/stores.js";
import { openStore } from "../../src/store/open.js";
import { arg, runBench } from "../args.js";

const db = arg("db");
const calls = Number(arg("calls", "60000"));
const WARM_UP_TURNS = 2000;

async function main(): Promise<void> {
  const store = await openStore(db, { use: "write" });
  const access = new AccessService(sharedStore(store, { location: db, personalDataKey: Buffer.alloc(32) }));
  const made = await access.create({ name: "key-check benchmark", role: "partner", scopes: ["search"], ratePerMinute: 1_000_000 }, { actor: "bench" });
  const figures: string[] = [];
  try {
    for (const together of [1, 5, 20]) {
      const turn = () => Promise.all(Array.from({ length: together }, () => access.resolve(made.key)));
      for (let i = 0; i < WARM_UP_TURNS; i++) await turn();
      const turns = Math.round(calls / together);
      const before = process.cpuUsage();
      for (let i = 0; i < turns; i++) {
        const answers = await turn();
        if (answers[0]?.id !== made.record.id) throw new Error("the key made for the run was not resolved");
      }
      const used = process.cpuUsage(before);
      figures.push(`${together} together: ${((used.user + used.system) / (turns * together)).toFixed(2)} µs`);
    }
  } finally {
    await access.revoke(made.record.id);
    await store.close();
  }
  console.log(`key check, CPU a call: ${figures.join(", ")}; load average ${loadavg()[0].toFixed(1)}`);
}

await runBench("key-check.bench", main);
