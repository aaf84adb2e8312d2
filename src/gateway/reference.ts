import { html } from "hono/html";
import { ApiError } from "../core/errors.js";
import type { GatewayApp } from "./env.js";

const scriptPath = "/docs/redoc.standalone.js";

/**
 * `GET /docs`: the full API reference (every operation with its parameters, request and response
 * schemas, examples and problem codes), drawn in the browser by Redoc from /openapi.json. The
 * script is Redoc's standalone bundle served by the gateway from node_modules: no CDN, so it works
 * on a pharmacy network without internet. Where the runtime has no file system (Workers), /docs
 * answers 501 and points to /openapi.json.
 */
export function registerReference(app: GatewayApp): void {
  app.get(scriptPath, async (c) => {
    const script = c.get("deps").referenceScript;
    if (!script) throw new ApiError("not_implemented", "The API reference is served by the Node runtime; /openapi.json is here.");
    return c.body(await script(), 200, { "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "public, max-age=86400" });
  });

  app.get("/docs", (c) => {
    if (!c.get("deps").referenceScript) throw new ApiError("not_implemented", "The API reference is served by the Node runtime; /openapi.json is here.");
    // Redoc injects styles and uses web workers from blob: URLs; everything else stays same-origin.
    c.header(
      "Content-Security-Policy",
      "default-src 'none'; script-src 'self' 'unsafe-eval' blob:; worker-src 'self' blob:; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'",
    );
    return c.html(html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>pharmagate API reference</title>
  </head>
  <body>
    <redoc spec-url="/openapi.json" hide-hostname="true"></redoc>
    <script src="${scriptPath}"></script>
  </body>
</html>`);
  });
}
