import { createRoute, z } from "@hono/zod-openapi";
import { onlyFor } from "../../auth/guards.js";
import { BvacDocumentSchema, documentStatuses } from "../../../bvac/model.js";
import { memberExport } from "../../../core/services/member-privacy.js";
import type { GatewayApp } from "../../env.js";
import { TotalsSchema, WarningSchema } from "../pharmacy/bvac-schemas.js";
import { AccessLogEntrySchema } from "./access-log.js";
import { memberAuthProblems } from "./schemas.js";

const PeriodSchema = z.object({ from: z.string(), to: z.string().nullable() });

export const MemberExportSchema = z
  .object({
    exportedAt: z.string(),
    insurer: z.object({ code: z.string(), name: z.string() }),
    member: z.string().openapi({ description: "Your key1" }),
    people: z.array(
      z.object({ key1: z.string(), name: z.string(), birthDate: z.string().nullable(), guardianKey1: z.string().nullable(), updatedAt: z.string(), legacyBlockedSince: z.string().nullable(), coverage: z.array(PeriodSchema) }),
    ).openapi({ description: "You and the dependents you act for, as the insurer's roster has you" }),
    documents: z.array(
      z.object({
        key1: z.string(),
        documentId: z.string(),
        pharmacy: z.object({ nihii: z.string(), name: z.string() }),
        status: z.enum(documentStatuses),
        receivedAt: z.string(),
        deliveredAt: z.string().nullable(),
        cancelledAt: z.string().nullable(),
        totals: TotalsSchema,
        warnings: z.array(WarningSchema),
        decision: z.object({ status: z.string(), reimbursedAmount: z.string().nullable(), reason: z.string().nullable(), decidedAt: z.string() }).nullable(),
        content: BvacDocumentSchema.describe("The attest as stored (amounts in cents)"),
      }),
    ),
    barcodes: z.array(z.object({ key1: z.string(), jti: z.string(), kid: z.string(), issuedAt: z.string(), expiresAt: z.string(), revokedAt: z.string().nullable() })),
    accessLog: z.array(AccessLogEntrySchema),
  })
  .openapi("MemberExport");

const route = createRoute({
  ...onlyFor.member,
  method: "get",
  operationId: "exportMyData",
  path: "/v1/me/export",
  summary: "Everything held about you and the dependents you act for, as one JSON document (GDPR art. 15 and 20)",
  responses: {
    200: { description: "Your data", content: { "application/json": { schema: MemberExportSchema } } },
    ...memberAuthProblems,
  },
});

export function registerMemberExport(app: GatewayApp): void {
  app.openapi(route, async (c) => {
    const body = await memberExport(c.get("deps"), c.get("member"));
    c.header("Cache-Control", "no-store");
    c.header("Content-Disposition", `attachment; filename="pharmagate-${body.insurer.code}-${body.member}.json"`);
    return c.json(body, 200);
  });
}
