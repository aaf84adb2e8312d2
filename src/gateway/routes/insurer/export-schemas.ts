import { z } from "@hono/zod-openapi";
import { BvacDocumentSchema, documentKinds } from "../../../bvac/model.js";

/** One leased entry as JSON and NDJSON exports write it (`ExportedEntry` in core/services/export-entry.ts). */
export const ExportedEntrySchema = z
  .object({
    entryId: z.number().int().openapi({ description: "The export queue entry; stable across re-leases." }),
    kind: z.enum(documentKinds).openapi({
      description: "`cancellation`: the pharmacy cancelled a document already delivered to you.",
    }),
    insurer: z.string(),
    pharmacyNihii: z.string().openapi({ description: "With `documentId`, names the document (e.g. for a decision)." }),
    documentId: z.string(),
    receivedAt: z.string(),
    cancelledAt: z.string().nullable(),
    document: BvacDocumentSchema,
  })
  .openapi("ExportedEntry");

export const LeasedBatchSchema = z
  .object({
    batchId: z.string().openapi({ description: "Name it on ack or release; a fresh id per lease." }),
    leaseExpiresAt: z.string(),
    count: z.number().int(),
    documents: z.array(ExportedEntrySchema),
  })
  .openapi("LeasedBatch");

export const BatchOutcomeSchema = z
  .object({
    batchId: z.string(),
    delivered: z.number().int(),
    parked: z.number().int().openapi({ description: "Entries leased 5 times without an ack, now held for the operator." }),
    withdrawn: z.number().int().openapi({ description: "Cancelled by the pharmacy before delivery while leased: do not import them." }),
    requeued: z.number().int(),
  })
  .openapi("BatchOutcome");

export const BatchIdParamSchema = z.object({
  batchId: z.string().min(1).max(80).openapi({ param: { name: "batchId", in: "path" } }),
});
