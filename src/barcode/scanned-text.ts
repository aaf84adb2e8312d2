/**
 * What a scanner delivers, reduced to the barcode's content: scanners append CR/LF, pad with
 * spaces, and some prefix an AIM symbology identifier (`]Q1` QR, `]d2` DataMatrix, `]C0` Code 128).
 */
export function cleanScannedText(raw: string): string {
  return raw.trim().replace(/^\][A-Za-z][0-9A-Za-z]/, "").trim();
}

export type ScannedBarcode =
  | { kind: "signed"; token: string }
  | { kind: "legacy"; insurer: string; key1: string; digits: string }
  | { kind: "unrecognised" };

/** Tells a signed token (`AP1:` + JWS) from a legacy 14-digit code at a glance. */
export function classifyScannedText(raw: string): ScannedBarcode {
  const text = cleanScannedText(raw);
  if (text.startsWith("AP1:")) return { kind: "signed", token: text.slice(4) };
  if (/^\d{14}$/.test(text)) return { kind: "legacy", insurer: text.slice(0, 4), key1: text.slice(4), digits: text };
  return { kind: "unrecognised" };
}
