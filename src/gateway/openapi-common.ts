import { z } from "@hono/zod-openapi";
import { errorStatus, type ErrorCode } from "../core/errors.js";

/** RFC 9457 problem details as this gateway writes them. */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().openapi({ example: "validation_failed" }),
    requestId: z.string().optional(),
    reason: z.string().optional().openapi({ description: "Why a barcode was refused (`barcode_refused`), e.g. `revoked`." }),
    errors: z
      .array(z.object({ path: z.string(), code: z.string(), message: z.string() }))
      .optional()
      .openapi({ description: "Every problem found, not only the first; at most 100 (then `errorCount` gives the total)." }),
    errorCount: z.number().int().optional().openapi({ description: "How many problems there were, when `errors` shows only the first 100." }),
  })
  .openapi("Problem");

/** OpenAPI response entries for the given error codes, grouped by status. */
export function problemResponses(...codes: ErrorCode[]) {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) byStatus.set(errorStatus[code], [...(byStatus.get(errorStatus[code]) ?? []), code]);
  return Object.fromEntries(
    [...byStatus].map(([status, grouped]) => [
      status,
      {
        description: `Problem: ${grouped.join(", ")}`,
        content: { "application/problem+json": { schema: ProblemSchema } },
      },
    ]),
  );
}

export const securitySchemes = {
  pharmacyKey: { type: "http", scheme: "bearer", description: "Pharmacy API key (`pk_…`), bound to one NIHII." },
  insurerKey: { type: "http", scheme: "bearer", description: "Insurer API key (`ik_…`), bound to insurer codes." },
  adminKey: { type: "http", scheme: "bearer", description: "Operator key (`ak_…`)." },
  memberToken: { type: "http", scheme: "bearer", bearerFormat: "JWT", description: "OIDC access token from the insurer's identity provider." },
} as const;

export type SecurityScheme = keyof typeof securitySchemes;

/** The problems every protected route can answer with: auth failures and the per-principal rate limit. */
export const authProblems = ["unauthenticated", "forbidden", "rate_limited"] as const satisfies ErrorCode[];
