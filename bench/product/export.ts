import type { Figure } from "../lib/report.js";

/** Lease + stream of queued documents as NDJSON and BvacList XML (filled in once exports exist). */
export async function exportSection(_port: number, _quick: boolean, notes: string[]): Promise<Figure[]> {
  notes.push("Export not measured: this build has no POST /v1/exports.");
  return [];
}
