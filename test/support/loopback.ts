import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";

/** A real HTTP server on a random loopback port, for a browser to talk to like a phone or a POS would. */
export async function serveOnLoopback(fetch: (request: Request) => Response | Promise<Response>): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const server = await new Promise<ServerType>((resolve) => {
    const started: ServerType = serve({ fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(started));
  });
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
