import { createRoute, z } from "@hono/zod-openapi";
import { onlyFor } from "../../auth/guards.js";
import { IsoDateSchema } from "../../../bvac/fields.js";
import type { GatewayApp } from "../../env.js";
import { authProblems, problemResponses } from "../../openapi-common.js";
import { barcodeRefusals, verifyScannedBarcode, verifyWindowDays } from "../../../core/services/barcode-check.js";

export const VerifyBarcodeRequestSchema = z
  .object({
    barcode: z.string().min(1).max(2000).openapi({
      description: "The scanned text as the scanner delivered it (CR/LF, spaces and an AIM prefix are stripped)",
      example: "AP1:eyJhbGciOiJFZERTQSIsImtpZCI6Ik1sMjcxSEI2In0.…",
    }),
    onDate: IsoDateSchema.optional().openapi({
      description: `Coverage date to check; default: today (UTC). At most ${verifyWindowDays.past} days back and ${verifyWindowDays.future} ahead (else 422 \`out_of_window\`), so verify cannot tell who was insured when.`,
    }),
  })
  .openapi("VerifyBarcodeRequest");

export const VerifyBarcodeResponseSchema = z
  .object({
    valid: z.boolean(),
    reason: z.enum(barcodeRefusals).optional(),
    kind: z.enum(["signed", "legacy"]).optional(),
    insurer: z.string().nullable(),
    key1: z.string().nullable(),
    coveredOn: IsoDateSchema.optional().openapi({ description: "Present when valid: the date the coverage was checked for" }),
  })
  .openapi("VerifyBarcodeResponse");

const route = createRoute({
  operationId: "verifyBarcode",
  method: "post",
  path: "/v1/barcodes/verify",
  ...onlyFor.pharmacy,
  summary: "Check a scanned barcode (signed token or legacy 14 digits) and the member's coverage",
  request: { body: { required: true, content: { "application/json": { schema: VerifyBarcodeRequestSchema } } } },
  responses: {
    200: { description: "Decision (a refused barcode is a 200 with valid: false and a reason)", content: { "application/json": { schema: VerifyBarcodeResponseSchema } } },
    ...problemResponses(...authProblems, "validation_failed", "malformed_json", "unsupported_media_type"),
  },
});

export function registerBarcodeVerify(app: GatewayApp): void {
  app.openapi(route, async (c) => {
    const { barcode, onDate } = c.req.valid("json");
    const { check, onDate: date } = await verifyScannedBarcode(c.get("deps"), barcode, onDate);
    c.header("Cache-Control", "no-store");
    if (check.valid) return c.json({ valid: true, kind: check.kind, insurer: check.insurer, key1: check.key1, coveredOn: date }, 200);
    return c.json({ valid: false, reason: check.reason, insurer: check.insurer ?? null, key1: check.key1 ?? null }, 200);
  });
}
