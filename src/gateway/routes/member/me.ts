import { createRoute, z } from "@hono/zod-openapi";
import { onlyFor } from "../../auth/guards.js";
import { memberOverview } from "../../../core/services/member-account.js";
import type { GatewayApp } from "../../env.js";
import { memberAuthProblems } from "./schemas.js";

const PersonSchema = z.object({ key1: z.string(), name: z.string() });

export const MeSchema = z
  .object({
    insurer: z.object({ code: z.string(), name: z.string() }),
    key1: z.string(),
    name: z.string(),
    coverage: z.array(z.object({ from: z.string(), to: z.string().nullable() })),
    dependents: z.array(PersonSchema.extend({ coverage: z.array(z.object({ from: z.string(), to: z.string().nullable() })) })),
  })
  .openapi("Me");

const route = createRoute({
  ...onlyFor.member,
  operationId: "getMe",
  method: "get",
  path: "/v1/me",
  summary: "The signed-in member, their coverage periods and the dependents they may act for",
  responses: { 200: { description: "Member", content: { "application/json": { schema: MeSchema } } }, ...memberAuthProblems },
});

export function registerMe(app: GatewayApp): void {
  app.openapi(route, async (c) => {
    const overview = await memberOverview(c.get("deps"), c.get("member"));
    c.header("Cache-Control", "no-store");
    return c.json(overview, 200);
  });
}
