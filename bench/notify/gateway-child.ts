/**
 * The benchmark's HTTP gateway in its own process (so that the deliverer's process measures only
 * the deliverer): prints its URL; answers each line "cpu" on stdin with the CPU time it has used so
 * far (µs, user + system), so the bench can charge each contender the gateway's share; prints the
 * deliveries it counted when its stdin closes.
 */
import { createInterface } from "node:readline";
import { startTestGateway } from "../../src/testing/notify-gateway.js";

const gateway = await startTestGateway({ keepBodies: false });
const cpuMicros = () => {
  const cpu = process.cpuUsage();
  return cpu.user + cpu.system;
};
process.stdout.write(`${gateway.url}\n`);
const lines = createInterface({ input: process.stdin });
lines.on("line", (line) => {
  if (line === "cpu") process.stdout.write(`${JSON.stringify({ cpuMicros: cpuMicros() })}\n`);
});
lines.on("close", async () => {
  const cpuSeconds = Number((cpuMicros() / 1e6).toFixed(1));
  process.stdout.write(`${JSON.stringify({ delivered: gateway.delivered.size, repeats: gateway.repeats, cpuSeconds })}\n`);
  await gateway.close();
  process.exit(0);
});
