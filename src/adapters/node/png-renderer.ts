import bwipjs from "bwip-js/node";
import { bwipOptions, renderCacheKey, type PngRenderer } from "../../barcode/render.js";
import { LruCache } from "../../barcode/lru.js";

const cache = new LruCache<string, Uint8Array<ArrayBuffer>>(256);

/** PNG through bwip-js's Node build (zlib), cached by text and options like the SVG renderer. */
export const renderPngNode: PngRenderer = async (request) => {
  const key = renderCacheKey("png", request);
  const cached = cache.get(key);
  if (cached) return cached;
  const png = new Uint8Array(await bwipjs.toBuffer(bwipOptions(request)));
  cache.set(key, png);
  return png;
};
