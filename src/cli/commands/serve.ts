/**
 * `diachiso serve`: the HTTP API (src/api/) over one store, opened once for reading and writing
 * and closed when the process is asked to stop (SIGINT, SIGTERM). Request logs are pino's JSON
 * lines on stdout; what the operator reads (where it listens, the index loaded) goes to stderr.
 */
import type { Command } from "commander";
import { createApiServer } from "../../api/server.js";
import { openStore } from "../../store/open.js";
import { parseWholeNumberArg } from "../output.js";
import { addDbOption, cliStoreError, cliStores } from "../store.js";

export function registerServeCommand(program: Command): void {
  addDbOption(
    program
      .command("serve")
      .description("the HTTP API: search, units, records and the report over the store (docs: /docs)")
      .option("--port <n>", "TCP port (0: any free one)", "8080")
      .option("--host <address>", "address to listen on", "127.0.0.1")
      .option("--quiet", "no request log"),
  ).action(async (flags: { db?: string; port: string; host: string; quiet?: boolean }) => {
    const port = parseWholeNumberArg("--port", flags.port, 0, 65535);
    const stores = cliStores(flags.db, "diachiso serve");
    let store: Awaited<ReturnType<typeof openStore>>;
    let personalDataKey: Buffer;
    try {
      store = await openStore(stores.location, { use: "write" });
      personalDataKey = stores.personalDataKey();
    } catch (error) {
      throw cliStoreError(error);
    }
    const server = await createApiServer({
      store,
      location: stores.location,
      personalDataKey,
      logger: flags.quiet ? false : { level: "info" },
      onIndex: (outcome) =>
        process.stderr.write(
          outcome.ok
            ? `diachiso serve: search index loaded (${outcome.records.toLocaleString("en")} records, ${outcome.seconds.toFixed(1)} s); ready\n`
            : `diachiso serve: the search index could not be opened: ${outcome.message}\n`,
        ),
    });
    const address = await server.app.listen({ port, host: flags.host });
    process.stderr.write(`diachiso serve: listening on ${address} (documentation: ${address}/docs)\n`);
    let stopping = false;
    const stop = async () => {
      if (stopping) return;
      stopping = true;
      await server.app.close();
      await store.close();
      process.exit(0);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
    await server.loadIndex();
  });
}
