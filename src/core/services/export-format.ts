import { ApiError } from "../errors.js";

/** The representations of a leased batch, chosen with `Accept`. */
export const exportFormats = {
  json: "application/json",
  ndjson: "application/x-ndjson",
  csv: "text/csv",
  xml: "application/xml",
} as const;

export type ExportFormat = keyof typeof exportFormats;

interface Range {
  type: string;
  q: number;
  order: number;
}

function parseAccept(header: string): Range[] {
  return header
    .split(",")
    .map((part, order) => {
      const [type = "", ...params] = part.split(";").map((piece) => piece.trim().toLowerCase());
      const q = params.find((param) => param.startsWith("q="));
      const weight = q === undefined ? 1 : Number(q.slice(2));
      return { type, q: Number.isFinite(weight) ? weight : 0, order };
    })
    .filter((range) => range.type !== "" && range.q > 0)
    .sort((a, b) => b.q - a.q || a.order - b.order);
}

const matches = (range: string, mediaType: string) =>
  range === "*/*" || range === mediaType || (range.endsWith("/*") && mediaType.startsWith(range.slice(0, -1)));

/**
 * The format for an `Accept` header: the client's most preferred one we serve; no header (or
 * `*\/*`) means JSON. Anything else is a 406 problem naming what we serve, decided before the
 * lease is taken so a refused request claims nothing.
 */
export function negotiateExportFormat(accept: string | undefined): ExportFormat {
  if (accept === undefined || accept.trim() === "") return "json";
  const entries = Object.entries(exportFormats) as Array<[ExportFormat, string]>;
  for (const range of parseAccept(accept)) {
    const found = entries.find(([, mediaType]) => matches(range.type, mediaType));
    if (found) return found[0];
  }
  throw new ApiError("not_acceptable", `Exports are served as ${Object.values(exportFormats).join(", ")}.`);
}
