/**
 * Barcode rendering cost per symbology and format, cold (a text never rendered before): the figure
 * issue 6 targets (≤ 5 ms cold). Each row times the renderer the routes call ("now") against
 * bwip-js drawing the whole image itself ("bwip-js draw", the renderer before), alternating the two
 * on the same fresh texts so machine load hits both alike; medians, not means. The QR rows below
 * split the remaining cost: BWIPP's encoder alone, and with the error-correction level or the mask
 * fixed; the DataMatrix rows compare BWIPP's encodation search with our ASCII codewords. Run: `npx tsx bench/render-profile.ts [count] [scale]`; for a profile,
 * `node --cpu-prof --import tsx bench/render-profile.ts`. Not part of `npm test`.
 */
import * as bwip from "bwip-js/generic";
import bwipNode from "bwip-js/node";
import { renderPngNode } from "../src/adapters/node/png-renderer.js";
import { datamatrixAsciiCodewords } from "../src/barcode/datamatrix-ascii.js";
import { bwipOptions, renderSvg, symbologies, type RenderRequest, type Symbology } from "../src/barcode/render.js";

const count = Number(process.argv[2] ?? 200);
const scale = Number(process.argv[3] ?? 3);
const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
// See src/barcode/module-matrix.ts: `raw` is only on the default export of bwip-js's generic build.
const { raw } = (bwip as unknown as { default: { raw(options: bwip.RawOptions & { raw?: boolean }): unknown } }).default;

/** A fresh text of the real shape: a 286-character `AP1:` compact JWS, or 14 digits for Code 128. */
function freshText(symbology: Symbology): string {
  if (symbology === "code128") return String(Math.floor(Math.random() * 1e14)).padStart(14, "0");
  const part = (length: number) => Array.from({ length }, () => alphabet[Math.floor(Math.random() * 64)]).join("");
  return `AP1:${part(36)}.${part(112)}.${part(132)}`;
}

type Render = (request: RenderRequest) => unknown;

const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Median ms per call of each renderer, called in turn on the same fresh texts after a warm-up. */
async function race(symbology: Symbology, renders: Render[]): Promise<number[]> {
  const times = renders.map((): number[] => []);
  for (let i = 0; i < count + 5; i++) {
    const text = freshText(symbology);
    for (const [index, render] of renders.entries()) {
      const started = performance.now();
      await render({ symbology, text, scale });
      if (i >= 5) times[index]!.push(performance.now() - started);
    }
  }
  return times.map(median);
}

const row = (label: string, ms: number[]) => console.log(`${label.padEnd(34)}${ms.map((value) => value.toFixed(2).padStart(14)).join("")}`);

console.log(`cold render, median of ${count} fresh texts, scale ${scale}`);
console.log(`${"".padEnd(34)}${"bwip-js draw".padStart(14)}${"now".padStart(14)}`);
for (const symbology of symbologies) {
  row(`${symbology} SVG`, await race(symbology, [(request) => bwip.toSVG(bwipOptions(request)), renderSvg]));
  row(`${symbology} PNG`, await race(symbology, [(request) => bwipNode.toBuffer(bwipOptions(request)), renderPngNode]));
}

console.log("\nQR encoder alone (BWIPP via bwip-js raw), by option");
const variants: Array<[string, object]> = [["default (eclevel M, best of 8 masks)", {}], ["eclevel L", { eclevel: "L" }], ["mask fixed", { mask: 1 }], ["eclevel L + mask fixed", { eclevel: "L", mask: 1 }]];
const encoders = variants.map(([, options]): Render => (request) => raw({ bcid: "qrcode", text: request.text, ...options }));
const encodeMs = await race("qrcode", encoders);
for (const [index, [label]] of variants.entries()) row(label, [encodeMs[index]!]);

console.log("\nDataMatrix encoder alone (BWIPP via bwip-js raw)");
const dmMs = await race("datamatrix", [
  (request) => raw({ bcid: "datamatrix", text: request.text }),
  (request) => raw({ bcid: "datamatrix", text: datamatrixAsciiCodewords(request.text)!, raw: true }),
]);
row("BWIPP encodation search", [dmMs[0]!]);
row("our ASCII codewords (raw)", [dmMs[1]!]);
