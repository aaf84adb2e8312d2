import { Hono, type MiddlewareHandler } from "hono";
import { secureHeaders as honoSecureHeaders } from "hono/secure-headers";
import { describe, expect, it } from "vitest";
import { secureHeaders } from "../../src/gateway/middleware/secure-headers.js";

/** One small app per middleware, with every way a route answers. */
function appWith(middleware: MiddlewareHandler): Hono {
  const app = new Hono();
  app.use(middleware);
  app.get("/json", (c) => c.json({ ok: true }, 201));
  app.get("/own-header", (c) => c.json({ ok: true }, 200, { "Cross-Origin-Resource-Policy": "cross-origin", "Cache-Control": "public, max-age=300" }));
  app.get("/context-header", (c) => {
    c.header("X-Frame-Options", "DENY");
    return c.body("text");
  });
  app.get("/raw", () => new Response("raw", { headers: { "X-Powered-By": "something", "Referrer-Policy": "origin" } }));
  app.get("/raw-bare", () => new Response(null, { status: 204 }));
  app.get("/throws", () => {
    throw new Error("boom");
  });
  app.onError((_error, c) => c.json({ problem: true }, 500));
  app.notFound((c) => c.json({ missing: true }, 404));
  return app;
}

const headersOf = (response: Response) => [...response.headers.entries()];

describe("secure headers", () => {
  it("answers every kind of route with exactly the headers Hono's secureHeaders({ overwrite: false }) gives", async () => {
    const ours = appWith(secureHeaders());
    const hono = appWith(honoSecureHeaders({ overwrite: false }));
    for (const path of ["/json", "/own-header", "/context-header", "/raw", "/raw-bare", "/throws", "/nowhere"]) {
      const [mine, theirs] = await Promise.all([ours.request(path), hono.request(path)]);
      expect({ path, status: mine.status, headers: headersOf(mine) }).toEqual({ path, status: theirs.status, headers: headersOf(theirs) });
    }
  });

  it("keeps a route's own value and drops X-Powered-By", async () => {
    const app = appWith(secureHeaders());
    expect((await app.request("/own-header")).headers.get("Cross-Origin-Resource-Policy")).toBe("cross-origin");
    const raw = await app.request("/raw");
    expect(raw.headers.get("X-Powered-By")).toBeNull();
    expect(raw.headers.get("Referrer-Policy")).toBe("origin");
    expect(raw.headers.get("X-Content-Type-Options")).toBe("nosniff");
  });
});
