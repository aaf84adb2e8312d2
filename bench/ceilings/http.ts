import { load, type LoadResult } from "../lib/load.js";
import { startServer } from "../lib/server.js";

/** Requests/s of a minimal Hono route on @hono/node-server, same load generator as the product. */
export async function httpCeiling(port: number, body: string, connections: number, durationSeconds: number): Promise<LoadResult> {
  const server = await startServer("bench/servers/minimal-hono.ts", { PORT: String(port) });
  try {
    return await load({
      url: server.url,
      connections,
      durationSeconds,
      requests: [{ method: "POST", path: "/v1/bvac", headers: { "content-type": "application/json" }, body }],
    });
  } finally {
    await server.stop();
  }
}
