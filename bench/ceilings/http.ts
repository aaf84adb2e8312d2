import { startServer, type RunningServer } from "../lib/server.js";

/** The bare route: a minimal Hono POST route on @hono/node-server that reads the body, answers 201. */
export function startBareRoute(port: number): Promise<RunningServer> {
  return startServer("bench/servers/minimal-hono.ts", { PORT: String(port) });
}
