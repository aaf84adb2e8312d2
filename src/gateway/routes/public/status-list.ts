import { createRoute, z } from "@hono/zod-openapi";
import { publishedStatusList, statusListPath, statusListTtlSeconds } from "../../../core/services/status-list.js";
import type { GatewayApp } from "../../env.js";
import { openToAll } from "../../auth/guards.js";
import { problemResponses } from "../../openapi-common.js";

const route = createRoute({
  ...openToAll,
  operationId: "getStatusList",
  method: "get",
  path: statusListPath,
  summary: "Signed status list of issued member barcodes (one bit per token, 1 = revoked), for offline checks",
  description:
    "A JWT (`typ: statuslist+jwt`, EdDSA, verified with /.well-known/jwks.json) after the IETF Token Status List: " +
    "`status_list.lst` is the zlib-deflated, base64url bit string; a barcode's index is the first 4 bytes of its `jti` (big-endian). " +
    "Send the ETag back in If-None-Match to refresh without downloading an unchanged list.",
  responses: {
    200: { description: "The current list", content: { "application/statuslist+jwt": { schema: z.string() } } },
    304: { description: "Unchanged since the ETag sent in If-None-Match" },
    ...problemResponses("unavailable"),
  },
});

export function registerStatusList(app: GatewayApp): void {
  app.openapi(route, async (c) => {
    const { jwt, etag } = await publishedStatusList(c.get("deps"));
    const headers = { ETag: etag, "Cache-Control": `public, max-age=${statusListTtlSeconds}` };
    if (c.req.header("If-None-Match")?.split(",").some((tag) => tag.trim() === etag)) return c.body(null, 304, headers);
    return c.body(jwt, 200, { ...headers, "Content-Type": "application/statuslist+jwt" });
  });
}
