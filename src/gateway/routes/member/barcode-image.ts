import { createRoute, z } from "@hono/zod-openapi";
import { onlyFor } from "../../auth/guards.js";
import { renderSvg, type RenderRequest } from "../../../barcode/render.js";
import { ApiError } from "../../../core/errors.js";
import type { GatewayApp } from "../../env.js";
import { problemResponses } from "../../openapi-common.js";
import { barcodeForSubject, type IssuedBarcode } from "../../../core/services/barcode-tokens.js";
import { ImageQuerySchema, memberProblems } from "./schemas.js";

const svgRoute = createRoute({
  ...onlyFor.member,
  operationId: "getMyBarcodeSvg",
  method: "get",
  path: "/v1/me/barcode.svg",
  summary: "The member's barcode as SVG (QR or DataMatrix: signed text; Code 128: the 14 digits, printed underneath)",
  request: { query: ImageQuerySchema },
  responses: {
    200: { description: "SVG image", content: { "image/svg+xml": { schema: z.string() } } },
    ...memberProblems,
    ...problemResponses("conflict"),
  },
});

const pngRoute = createRoute({
  ...onlyFor.member,
  operationId: "getMyBarcodePng",
  method: "get",
  path: "/v1/me/barcode.png",
  summary: "The member's barcode as PNG (Node runtime; Workers answer 501, use the SVG)",
  request: { query: ImageQuerySchema },
  responses: {
    200: { description: "PNG image", content: { "image/png": { schema: z.string().openapi({ format: "binary" }) } } },
    ...memberProblems,
    ...problemResponses("not_implemented", "conflict"),
  },
});

/** After a lost card the 14 digits are refused everywhere: a Code 128 of them would only mislead. */
function assertRenderable(symbology: RenderRequest["symbology"], legacyBlockedSince: string | null): void {
  if (symbology === "code128" && legacyBlockedSince !== null) {
    throw new ApiError("conflict", `Your 14-digit number is blocked since ${legacyBlockedSince.slice(0, 10)} (a card was reported lost); use the QR code or DataMatrix.`);
  }
}

/** What the symbology carries: the signed text for 2D codes, the legacy digits for Code 128. */
export function renderRequestFor(barcode: IssuedBarcode, symbology: RenderRequest["symbology"], scale: number): RenderRequest {
  return { symbology, scale, text: symbology === "code128" ? barcode.id : barcode.text };
}

// Personal and short-lived: never in a shared cache, and the browser must ask again after a revoke.
const imageHeaders = { "Cache-Control": "private, no-store" };

export function registerBarcodeImages(app: GatewayApp): void {
  app.openapi(svgRoute, async (c) => {
    const query = c.req.valid("query");
    const { barcode, legacyBlockedSince } = await barcodeForSubject(c.get("deps"), c.get("member"), query.member);
    assertRenderable(query.symbology, legacyBlockedSince);
    const svg = renderSvg(renderRequestFor(barcode, query.symbology, query.scale));
    return c.body(svg, 200, { ...imageHeaders, "Content-Type": "image/svg+xml" });
  });
  app.openapi(pngRoute, async (c) => {
    const deps = c.get("deps");
    const { renderPng } = deps;
    if (!renderPng) throw new ApiError("not_implemented", "PNG is rendered on the Node runtime only; use /v1/me/barcode.svg.");
    const query = c.req.valid("query");
    const { barcode, legacyBlockedSince } = await barcodeForSubject(deps, c.get("member"), query.member);
    assertRenderable(query.symbology, legacyBlockedSince);
    const png = await renderPng(renderRequestFor(barcode, query.symbology, query.scale));
    return c.body(png, 200, { ...imageHeaders, "Content-Type": "image/png" });
  });
}
