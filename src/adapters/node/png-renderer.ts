import bwipjs from "bwip-js/node";
import { bwipOptions, modulePx, quietModules, renderCacheKey } from "../../barcode/render.js";
import { LruCache } from "../../barcode/lru.js";
import { moduleMatrix } from "../../barcode/module-matrix.js";
import { modulePng } from "./module-png.js";
import { type PngRenderer } from "../../core/ports.js";

const cache = new LruCache<string, Uint8Array<ArrayBuffer>>(256);

/**
 * PNG, cached by text and options like the SVG renderer. QR and DataMatrix: the encoded matrix
 * (src/barcode/module-matrix.ts) written by our 1-bit PNG encoder; Code 128 through bwip-js's
 * Node build, which also prints the digits underneath.
 */
export const renderPngNode: PngRenderer = async (request) => {
  const key = renderCacheKey("png", request);
  const cached = cache.get(key);
  if (cached) return cached;
  const { symbology } = request;
  const png =
    symbology === "code128"
      ? new Uint8Array(await bwipjs.toBuffer(bwipOptions({ ...request, symbology })))
      : modulePng(moduleMatrix(symbology, request.text), modulePx(request.scale), quietModules[symbology]);
  cache.set(key, png);
  return png;
};
