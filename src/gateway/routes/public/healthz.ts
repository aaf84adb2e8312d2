import { createRoute, z } from "@hono/zod-openapi";
import type { GatewayApp } from "../../env.js";
import { problemResponses } from "../../openapi-common.js";

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
  method: "get",
  path: "/healthz",
  tags: ["public"],
  summary: "Liveness and readiness: answers once the database responds",
  responses: {
    200: { description: "Healthy", content: { "application/json": { schema: HealthSchema } } },
    ...problemResponses("unavailable"),
  },
});

export function registerHealthz(app: GatewayApp): void {
  app.openapi(route, async (c) => {
    const { db, queue, runtime, clock } = c.get("deps");
    await db.first("SELECT 1 AS ok");
    return c.json(
      { status: "ok" as const, runtime, storage: db.kind, queue: queue.kind, time: clock.now().toISOString() },
      200,
    );
  });
}
