import type { Figure } from "../lib/report.js";

/** ms per barcode per symbology, cold and cached (filled in once the renderer exists). */
export async function renderSection(notes: string[]): Promise<Figure[]> {
  notes.push("Rendering not measured: this build has no barcode renderer.");
  return [];
}
