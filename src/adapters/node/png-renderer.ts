import { code128Layout, code128Widths } from "../../barcode/code128-layout.js";
import { modulePx, quietModules, renderCacheKey } from "../../barcode/render.js";
import { code128Png } from "./code128-png.js";
import { LruCache } from "../../barcode/lru.js";
import { moduleMatrix } from "../../barcode/module-matrix.js";
import { modulePng } from "./module-png.js";
import { type PngRenderer } from "../../core/ports.js";

const cache = new LruCache<string, Uint8Array<ArrayBuffer>>(256);

/**
 * PNG, cached by text and options like the SVG renderer. QR and DataMatrix: the encoded matrix
 * (src/barcode/module-matrix.ts) written by our 1-bit PNG encoder; Code 128 with the digits
 * underneath, bwip-js's encoding in bwip-js's layout (src/barcode/code128-layout.ts), written by
 * our 8-bit greyscale encoder.
 */
export const renderPngNode: PngRenderer = async (request) => {
  const key = renderCacheKey("png", request);
  const cached = cache.get(key);
  if (cached) return cached;
  const { symbology } = request;
  const png =
    symbology === "code128"
      ? code128Png(code128Layout(request.scale), code128Widths(request.text), request.text)
      : modulePng(moduleMatrix(symbology, request.text), modulePx(request.scale), quietModules[symbology]);
  cache.set(key, png);
  return png;
};
