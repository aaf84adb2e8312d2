import { html, raw } from "hono/html";
import type { GatewayApp } from "./env.js";
import { securitySchemes } from "./openapi-common.js";

const openApiInfo = {
  openapi: "3.1.0",
  info: {
    title: "pharmagate",
    version: "1.0.0",
    description:
      "Edge gateway for AssurPharma-style BVAC attests: signed member barcodes, pharmacy submissions (JSON or SMC XML), insurer batch exports.",
    license: { name: "Proprietary", identifier: "LicenseRef-pharmagate" },
  },
  // Relative: the document describes whichever gateway serves it (Node, Workers, a test).
  servers: [{ url: "/", description: "this gateway" }] as Array<{ url: string; description: string }>,
} as const;

interface Operation {
  summary?: string;
  description?: string;
  security?: Array<Record<string, string[]>>;
  responses?: Record<string, { description?: string }>;
}

/**
 * `GET /openapi.json` (3.1, generated from the route schemas) and `GET /docs`, a reference page
 * rendered on the server from that same document: no script and no CDN, so it loads on a pharmacy
 * network without internet access.
 */
export function registerDocs(app: GatewayApp): void {
  for (const [name, scheme] of Object.entries(securitySchemes)) {
    app.openAPIRegistry.registerComponent("securitySchemes", name, scheme);
  }
  app.doc31("/openapi.json", openApiInfo);

  app.get("/docs", (c) => {
    const document = app.getOpenAPI31Document(openApiInfo);
    const sections = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
      Object.entries(item as Record<string, Operation>).map(([method, operation]) => ({ path, method, operation })),
    );
    return c.html(html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>pharmagate API</title>
    <style>
      body { font: 15px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1b1b1b; }
      h2 { font-size: 1rem; margin: 1.5rem 0 0.25rem; font-family: ui-monospace, monospace; }
      .method { display: inline-block; min-width: 4rem; text-transform: uppercase; color: #0b5; }
      .auth { color: #666; font-size: 0.85rem; }
      code { background: #f2f2f2; padding: 0 0.2rem; }
    </style>
  </head>
  <body>
    <h1>pharmagate API</h1>
    <p>${openApiInfo.info.description} Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p>
    ${sections.map(
      ({ path, method, operation }) => html`<section>
        <h2><span class="method">${method}</span> ${path}</h2>
        <div>${operation.summary ?? ""}</div>
        ${operation.description ? html`<p>${operation.description}</p>` : ""}
        <div class="auth">auth: ${operation.security?.map((entry) => Object.keys(entry).join(" ")).join(", ") || "none"}
          · responses: ${raw(Object.keys(operation.responses ?? {}).map((status) => `<code>${status}</code>`).join(" "))}</div>
      </section>`,
    )}
  </body>
</html>`);
  });
}
