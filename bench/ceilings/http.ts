import { join } from "node:path";
import { productRoot, startServer, type RunningServer } from "../lib/server.js";

/** The bare route: a minimal Hono POST route on @hono/node-server that reads the body, answers 201. */
export function startBareRoute(port: number): Promise<RunningServer> {
  return startServer("bench/servers/minimal-hono.ts", { PORT: String(port) });
}

/**
 * The durable route: the bare route that also commits the body through the SQLite adapter of the
 * checkout under test (`BENCH_PRODUCT_DIR` or this one), as the product does, before its 201.
 */
export function startDurableRoute(port: number): Promise<RunningServer> {
  return startServer("bench/servers/durable-route.ts", { PORT: String(port), SQLITE_ADAPTER: join(productRoot, "src/adapters/storage/sqlite.ts") });
}
