import bwipjs from "bwip-js/node";
import { describe, expect, it } from "vitest";
import { receiptBarcodeOptions, receiptSvg } from "../../src/bvac/formats/receipt-svg.js";
import { decodeImage } from "../support/zxing.js";

describe("receipt barcode", () => {
  it.each(["6f15f5cf-8104-5478-0ffe-978f311cad5a", "abcdefghijklmnopqrstuvwx1"])(
    "encodes %s as Code 128 that an independent decoder reads back",
    async (documentId) => {
      // The SVG and this PNG are drawn from the same options; zxing reads raster images only.
      const png = await bwipjs.toBuffer(receiptBarcodeOptions(documentId, "2026-11-20"));
      const [result] = await decodeImage(new Uint8Array(png), ["Code128"]);
      expect(result?.text).toBe(documentId);
      expect(receiptSvg(documentId, "2026-11-20")).toMatch(/^<svg width="\d+" height="\d+" viewBox=/);
    },
  );
});
