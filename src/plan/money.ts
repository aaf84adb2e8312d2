/**
 * Integer-cent arithmetic for the plan engine. Products go through BigInt: a line may carry up to
 * 14 digits of cents (the export model's bound) and a rate up to 10 000 basis points, beyond the
 * 2^53 a float multiplies exactly.
 */

/** `amount × numerator / denominator`, rounded half-up to a whole cent. Non-negative inputs only. */
export function mulDivHalfUp(amount: number, numerator: number, denominator: number): number {
  if (amount < 0 || numerator < 0 || denominator <= 0) throw new RangeError("mulDivHalfUp takes non-negative amounts");
  const den = BigInt(denominator);
  return Number((BigInt(amount) * BigInt(numerator) * 2n + den) / (2n * den));
}

/** Cents rounded half-up to whole euros (the Dutch pro-rata deductible is a whole-euro amount). */
export const roundToEurosHalfUp = (cents: number): number => Math.floor((cents + 50) / 100) * 100;
