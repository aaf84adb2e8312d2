import { createRoute } from "@hono/zod-openapi";
import { onlyFor } from "../../auth/guards.js";
import type { GatewayApp } from "../../env.js";
import { barcodeForSubject, reportLostCard, type IssuedBarcode } from "../../../core/services/barcode-tokens.js";
import { BarcodeSchema, memberProblems, SubjectQuerySchema } from "./schemas.js";

const getRoute = createRoute({
  ...onlyFor.member,
  operationId: "getMyBarcode",
  method: "get",
  path: "/v1/me/barcode",
  summary: "The member's signed barcode (reused while it has at least 7 days left, else a new one)",
  request: { query: SubjectQuerySchema },
  responses: { 200: { description: "Barcode", content: { "application/json": { schema: BarcodeSchema } } }, ...memberProblems },
});

const revokeRoute = createRoute({
  ...onlyFor.member,
  operationId: "revokeMyBarcode",
  method: "post",
  path: "/v1/me/barcode/revoke",
  summary: "Lost card: revoke every outstanding barcode of this person and issue a new one",
  request: { query: SubjectQuerySchema },
  responses: { 201: { description: "New barcode", content: { "application/json": { schema: BarcodeSchema } } }, ...memberProblems },
});

const view = ({ text, id, kid, issuedAt, expiresAt }: IssuedBarcode) => ({ text, id, kid, issuedAt, expiresAt });

export function registerBarcode(app: GatewayApp): void {
  app.openapi(getRoute, async (c) => {
    const { barcode } = await barcodeForSubject(c.get("deps"), c.get("member"), c.req.valid("query").member);
    c.header("Cache-Control", "no-store");
    return c.json(view(barcode), 200);
  });
  app.openapi(revokeRoute, async (c) => {
    const barcode = await reportLostCard(c.get("deps"), c.get("member"), c.req.valid("query").member);
    c.header("Cache-Control", "no-store");
    return c.json(view(barcode), 201);
  });
}
