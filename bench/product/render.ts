import { renderPngNode } from "../../src/adapters/node/png-renderer.js";
import { renderSvg, symbologies, type RenderRequest, type Symbology } from "../../src/barcode/render.js";
import type { Figure } from "../lib/report.js";

/** Text of the length a real barcode carries: a 286-character `AP1:` token, or 14 digits for Code 128. */
function sampleText(symbology: Symbology): string {
  if (symbology === "code128") return String(Math.floor(Math.random() * 1e14)).padStart(14, "0");
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const body = Array.from({ length: 282 }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join("");
  return `AP1:${body.slice(0, 36)}.${body.slice(37, 150)}.${body.slice(151)}`;
}

async function msPer(count: number, render: () => unknown): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < count; i++) await render();
  return (performance.now() - started) / count;
}

/**
 * ms per barcode per symbology and format, in this process (the renderer the member routes call):
 * cold = a text never rendered before (cache miss; the JIT is warm after the first call, which is
 * reported separately), cached = the same request again (what a member reloading the card gets).
 */
export async function renderSection(_notes: string[]): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const format of ["svg", "png"] as const) {
    for (const symbology of symbologies) {
      const request = (): RenderRequest => ({ symbology, text: sampleText(symbology), scale: 3 });
      const render = (r: RenderRequest) => (format === "svg" ? renderSvg(r) : renderPngNode(r));
      const first = await msPer(1, () => render(request()));
      const cold = await msPer(40, () => render(request()));
      const fixed = request();
      await render(fixed);
      const cached = await msPer(2000, () => render(fixed));
      figures.push({
        section: "render",
        name: `${symbology} ${format.toUpperCase()}, cold (new text each time)`,
        value: cold,
        unit: "ms",
        note: `very first call ${first.toFixed(1)} ms (module and JIT warm-up)`,
        target: { text: "≤ 5 ms cold", met: cold <= 5 },
      });
      figures.push({ section: "render", name: `${symbology} ${format.toUpperCase()}, cached`, value: cached, unit: "ms" });
    }
  }
  return figures;
}
