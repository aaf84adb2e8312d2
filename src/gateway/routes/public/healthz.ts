import { createRoute, z } from "@hono/zod-openapi";
import { health } from "../../../core/services/public-info.js";
import type { GatewayApp } from "../../env.js";
import { problemResponses } from "../../openapi-common.js";
import { openToAll } from "../../auth/guards.js";

export const HealthSchema = z
  .object({
    status: z.literal("ok"),
    runtime: z.enum(["node", "workers"]),
    storage: z.enum(["sqlite", "d1"]),
    queue: z.enum(["outbox", "cloudflare-queues"]),
    time: z.string().openapi({ format: "date-time" }),
  })
  .openapi("Health");

const route = createRoute({
  ...openToAll,
  operationId: "getHealth",
  method: "get",
  path: "/healthz",
  summary: "Liveness and readiness: answers once the database responds",
  responses: {
    200: { description: "Healthy", content: { "application/json": { schema: HealthSchema } } },
    ...problemResponses("unavailable"),
  },
});

export function registerHealthz(app: GatewayApp): void {
  app.openapi(route, async (c) => {
    return c.json(await health(c.get("deps")), 200);
  });
}
