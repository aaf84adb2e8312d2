/**
 * Money as the SMC schema writes it (`[-+]?\d{1,12}\.\d{2}`, a dot, exactly two decimals) and as
 * the gateway stores it (integer cents). Parsing is by regex and integer arithmetic, never through
 * a float, so `0.29` stays 29 cents.
 */
const amountPattern = /^([-+]?)(\d{1,12})\.(\d{2})$/;

export const amountRegexSource = amountPattern.source;

/** Cents of a decimal string, or null when it is not in the exact format (e.g. `456,66`, `5.4`). */
export function parseAmount(text: string): number | null {
  const match = amountPattern.exec(text);
  if (!match) return null;
  const [, sign, units, decimals] = match;
  const cents = Number(units) * 100 + Number(decimals);
  return sign === "-" ? -cents : cents;
}

/** Cents of an amount with no sign (what the insurer reimburses: "12.40"), or null. */
export function parseUnsignedAmount(text: string): number | null {
  return /^\d/.test(text) ? parseAmount(text) : null;
}

/** The decimal string of an amount in cents: 3130 → "31.30", -5 → "-0.05". */
export function formatCents(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const absolute = Math.abs(cents);
  return `${sign}${Math.floor(absolute / 100)}.${String(absolute % 100).padStart(2, "0")}`;
}
