import { describe, expect, it } from "vitest";
import { renderPngNode } from "../../src/adapters/node/png-renderer.js";
import { generateSigningKey, KeyRing } from "../../src/barcode/key-ring.js";
import { newJti, signBarcodeText } from "../../src/barcode/token.js";
import { decodeImage } from "../support/zxing.js";

async function realisticText(): Promise<string> {
  const ring = await KeyRing.load([await generateSigningKey(new Date())], 86_400);
  const iat = Math.floor(Date.now() / 1000);
  return signBarcodeText(ring.signer()!, { sub: "60009912319994", jti: newJti(), iat, exp: iat + 30 * 86_400, iss: "http://localhost:8791" });
}

describe("rendered PNGs decode with an independent reader (zxing-wasm)", () => {
  it("QR and DataMatrix give back exactly the signed text, at the smallest and a large scale", async () => {
    const text = await realisticText();
    for (const [symbology, format] of [["qrcode", "QRCode"], ["datamatrix", "DataMatrix"]] as const) {
      for (const scale of [1, 4]) {
        const results = await decodeImage(await renderPngNode({ symbology, text, scale }), [format]);
        expect(results.map((result) => [result.format, result.text]), `${symbology} scale ${scale}`).toEqual([[format, text]]);
      }
    }
  });

  it("DataMatrix from our ASCII codewords and from BWIPP's encoder (non-ASCII text) both decode exactly", async () => {
    for (const text of ["AP1:123456789.0a1b22c333-_", "AP1:x9", "AP1:é12"]) {
      const results = await decodeImage(await renderPngNode({ symbology: "datamatrix", text, scale: 2 }), ["DataMatrix"]);
      expect(results.map((result) => result.text), text).toEqual([text]);
    }
  });

  it("DataMatrix from our ECC 200 encoder decodes exactly at every interleaving (1, 2, 4, 6 and 8 blocks)", async () => {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    // 64×64 (2 blocks, a token), 52×52 (2), 72×72 (4), 104×104 (6), 132×132 (8); 10×10 and 26×26 single-region.
    for (const length of [3, 40, 180, 286, 330, 800, 1300]) {
      const text = Array.from({ length }, (_, i) => alphabet[(i * 29 + 7) % alphabet.length]).join("");
      const results = await decodeImage(await renderPngNode({ symbology: "datamatrix", text, scale: 1 }), ["DataMatrix"]);
      expect(results.map((result) => result.text), `length ${length}`).toEqual([text]);
    }
  });

  it("QR carries non-ASCII text as UTF-8 bytes and decodes it exactly", async () => {
    for (const text of ["AP1:é12", "AP1:Zoë-Ørsted_€"]) {
      const results = await decodeImage(await renderPngNode({ symbology: "qrcode", text, scale: 2 }), ["QRCode"]);
      expect(results.map((result) => result.text), text).toEqual([text]);
    }
  });

  it("Code 128 gives back exactly the 14 digits, encoded in subset C", async () => {
    const results = await decodeImage(await renderPngNode({ symbology: "code128", text: "60009912319994", scale: 2 }), ["Code128"]);
    expect(results.map((result) => result.text)).toEqual(["60009912319994"]);
    // ZXing reports the symbology identifier; the decoded bytes start with Start C (105) then 60, 00, 99...
    expect(results[0]?.symbologyIdentifier).toBe("]C0");
  });

  it("identical requests are served from the cache (same bytes object)", async () => {
    const request = { symbology: "qrcode", text: await realisticText(), scale: 3 } as const;
    const first = await renderPngNode(request);
    expect(await renderPngNode({ ...request })).toBe(first);
    expect(await renderPngNode({ ...request, scale: 4 })).not.toBe(first);
  });
});
