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

type OpenApiDocument = ReturnType<GatewayApp["getOpenAPI31Document"]>;

/**
 * `GET /openapi.json` (3.1, generated from the route schemas); `GET /docs` draws it (reference.ts).
 * The document is public and the routes never change after start-up, so it is built once, at its
 * first request (every route is registered by then), and served from memory afterwards: anonymous
 * callers cannot make the gateway regenerate it at will.
 */
export function registerDocs(app: GatewayApp): void {
  for (const [name, scheme] of Object.entries(securitySchemes)) {
    app.openAPIRegistry.registerComponent("securitySchemes", name, scheme);
  }
  let document: OpenApiDocument | undefined;
  app.get("/openapi.json", (c) => c.json((document ??= app.getOpenAPI31Document(openApiInfo))));
}
