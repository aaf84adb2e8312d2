import { createRoute, z } from "@hono/zod-openapi";
import { listCoveragePeriods, listDependents } from "../../../adapters/storage/repos/member-profile.js";
import type { GatewayApp } from "../../env.js";
import { resolveSubject } from "../../services/member-subject.js";
import { memberAuthProblems, memberOnly } from "./schemas.js";

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
  ...memberOnly,
  method: "get",
  path: "/v1/me",
  summary: "The signed-in member, their coverage periods and the dependents they may act for",
  responses: { 200: { description: "Member", content: { "application/json": { schema: MeSchema } } }, ...memberAuthProblems },
});

export function registerMe(app: GatewayApp): void {
  app.openapi(route, async (c) => {
    const { db } = c.get("deps");
    const me = await resolveSubject(c.get("deps"), c.get("member"), undefined);
    const dependents = await listDependents(db, me.insurer.code, me.key1);
    c.header("Cache-Control", "no-store");
    return c.json(
      {
        insurer: me.insurer,
        key1: me.key1,
        name: me.name,
        coverage: await listCoveragePeriods(db, me.insurer.code, me.key1),
        dependents: await Promise.all(
          dependents.map(async (dependent) => ({ ...dependent, coverage: await listCoveragePeriods(db, me.insurer.code, dependent.key1) })),
        ),
      },
      200,
    );
  });
}
