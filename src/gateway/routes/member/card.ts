import { createRoute, z } from "@hono/zod-openapi";
import { onlyFor } from "../../auth/guards.js";
import type { GatewayApp } from "../../env.js";
import { barcodeForSubject, reportLostCard } from "../../../core/services/barcode-tokens.js";
import { cardContentSecurityPolicy, cardHtml } from "./card-html.js";
import { memberProblems, SubjectQuerySchema } from "./schemas.js";

const cardRoute = createRoute({
  ...onlyFor.member,
  operationId: "getMyCard",
  method: "get",
  path: "/v1/me/card",
  summary: "Printable HTML card: name, insurer, QR and Code 128 (no Code 128 after a lost card: it says which codes stopped working), and a revoke button (no scripts)",
  request: { query: SubjectQuerySchema },
  responses: { 200: { description: "HTML page", content: { "text/html": { schema: z.string() } } }, ...memberProblems },
});

const cardRevokeRoute = createRoute({
  ...onlyFor.member,
  operationId: "revokeMyCard",
  method: "post",
  path: "/v1/me/card/revoke",
  summary: "The card's revoke button (an HTML form): revokes the barcodes, issues a new one, redirects to the card",
  request: { query: SubjectQuerySchema },
  responses: {
    303: { description: "Revoked; see the card with the new barcode", headers: z.object({ Location: z.string() }) },
    ...memberProblems,
  },
});

const cardPath = (member: string | undefined) => (member ? `/v1/me/card?member=${member}` : "/v1/me/card");

export function registerCard(app: GatewayApp): void {
  app.openapi(cardRoute, async (c) => {
    const { member } = c.req.valid("query");
    const { subject, barcode, legacyBlockedSince } = await barcodeForSubject(c.get("deps"), c.get("member"), member);
    const action = member ? `/v1/me/card/revoke?member=${member}` : "/v1/me/card/revoke";
    return c.html(cardHtml(subject, barcode, action, legacyBlockedSince), 200, {
      "Content-Security-Policy": cardContentSecurityPolicy,
      "Cache-Control": "private, no-store",
    });
  });
  // Auth is a bearer token, never a cookie, so a cross-site form cannot ride on the member's session.
  app.openapi(cardRevokeRoute, async (c) => {
    const { member } = c.req.valid("query");
    await reportLostCard(c.get("deps"), c.get("member"), member);
    return c.body(null, 303, { Location: cardPath(member), "Cache-Control": "no-store" });
  });
}
