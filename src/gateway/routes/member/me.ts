import { createRoute, z } from "@hono/zod-openapi";
import { onlyFor } from "../../auth/guards.js";
import { memberOverview } from "../../../core/services/member-account.js";
import type { GatewayApp } from "../../env.js";
import { memberAuthProblems } from "./schemas.js";

const PersonSchema = z.object({ key1: z.string(), name: z.string() });

const LimitStandingSchema = z.object({
  amount: z.string().openapi({ description: "This plan year's amount (a part-year deductible pro rata)", example: "25.00" }),
  per: z.enum(["member", "family"]).openapi({ description: "`family`: used counts the whole family's documents" }),
  used: z.string(),
  left: z.string(),
});

export const PlanYearStandingSchema = z
  .object({
    key1: z.string().openapi({ description: "You or a dependent" }),
    plan: z.string(),
    planYear: z.object({ from: z.string(), to: z.string() }),
    deductible: LimitStandingSchema,
    cap: LimitStandingSchema.nullable().openapi({ description: "null: the plan has no annual cap" }),
  })
  .openapi("PlanYearStanding");

export const MeSchema = z
  .object({
    insurer: z.object({ code: z.string(), name: z.string() }),
    key1: z.string(),
    name: z.string(),
    coverage: z.array(z.object({ from: z.string(), to: z.string().nullable() })),
    dependents: z.array(PersonSchema.extend({ coverage: z.array(z.object({ from: z.string(), to: z.string().nullable() })) })),
    plans: z.array(PlanYearStandingSchema).openapi({ description: "Per person and plan year: deductible and annual cap, used and left (docs/estimate.md)" }),
  })
  .openapi("Me");

const route = createRoute({
  ...onlyFor.member,
  operationId: "getMe",
  method: "get",
  path: "/v1/me",
  summary: "The signed-in member, their coverage periods, the dependents they may act for, and their plans' deductible and cap",
  responses: { 200: { description: "Member", content: { "application/json": { schema: MeSchema } } }, ...memberAuthProblems },
});

export function registerMe(app: GatewayApp): void {
  app.openapi(route, async (c) => {
    const overview = await memberOverview(c.get("deps"), c.get("member"));
    c.header("Cache-Control", "no-store");
    return c.json(overview, 200);
  });
}
