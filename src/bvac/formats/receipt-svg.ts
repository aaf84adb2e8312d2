import type { RenderOptions } from "bwip-js/generic";
import { sizedBwipSvg } from "../../barcode/render.js";

/**
 * The printed receipt's barcode: Code 128 of the document id, with a short human-readable line
 * under it (document id and delivery date, nothing about the patient). White background and a
 * quiet zone, which scanners need (see shared/toolchain.md on bwip-js defaults). ASCII only: the
 * line is drawn with bwip-js's built-in font. (`src/barcode/render.ts` renders the member's
 * 14-digit code only, so the receipt has its own options.)
 */
export function receiptBarcodeOptions(documentId: string, deliveryDate: string): RenderOptions {
  return {
    bcid: "code128",
    text: documentId,
    scale: 2,
    height: 12,
    includetext: true,
    alttext: `BVAC ${documentId} ${deliveryDate}`.replace(/[^\x20-\x7e]/g, "?"),
    textxalign: "center",
    paddingwidth: 10,
    paddingheight: 4,
    backgroundcolor: "FFFFFF",
  };
}

/** The receipt barcode as SVG, with width and height so an `<img>` shows it at its rendered size. */
export function receiptSvg(documentId: string, deliveryDate: string): string {
  return sizedBwipSvg(receiptBarcodeOptions(documentId, deliveryDate));
}
