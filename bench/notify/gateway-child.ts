/**
 * The benchmark's HTTP gateway in its own process (so that the deliverer's process measures only
 * the deliverer): prints its URL, then the deliveries it counted when its stdin closes.
 */
import { startTestGateway } from "../../src/testing/notify-gateway.js";

const gateway = await startTestGateway({ keepBodies: false });
process.stdout.write(`${gateway.url}\n`);
process.stdin.resume();
process.stdin.on("end", async () => {
  process.stdout.write(`${JSON.stringify({ delivered: gateway.delivered.size, repeats: gateway.repeats })}\n`);
  await gateway.close();
  process.exit(0);
});
