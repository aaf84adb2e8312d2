import { serve } from "@hono/node-server";
import { Hono } from "hono";

// The HTTP ceiling: the same framework and server adapter as the product, a route that reads the
// body (JSON parsed, anything else as bytes) and answers 201 with a small JSON, and nothing else
// (no auth, validation or storage).
const app = new Hono();
app.post("/v1/bvac", async (c) => {
  if (c.req.header("content-type")?.startsWith("application/json")) {
    const body = (await c.req.json()) as { documentId?: unknown };
    return c.json({ documentId: typeof body.documentId === "string" ? body.documentId : null, status: "queued" }, 201);
  }
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  return c.json({ received: bytes.byteLength, status: "queued" }, 201);
});

const port = Number(process.env.PORT ?? 8794);
serve({ fetch: app.fetch, port, hostname: "127.0.0.1" }, (info) => console.log(`minimal hono listening on http://127.0.0.1:${info.port}`));
