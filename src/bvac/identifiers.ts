/**
 * Check digits of the Belgian identifiers in a BVAC document (shared/domain.md, "Identifiers").
 * Pure functions over digit strings; shape checks included, so callers need no regex of their own.
 */

const digitsOnly = (text: string, length: number) => text.length === length && /^\d+$/.test(text);

/** 97 − (n mod 97), the check used by NIHII, RIZIV/INAMI, INSZ and the DKV barcode. */
function mod97Check(digits: string): number {
  return 97 - Number(BigInt(digits) % 97n);
}

/** CNK: 7 digits, the 7th a Luhn check over the first 6. */
export function isValidCnk(cnk: string): boolean {
  if (!digitsOnly(cnk, 7)) return false;
  let sum = 0;
  for (let index = 0; index < 6; index++) {
    // Rightmost payload digit (index 5) is doubled, as in every Luhn variant.
    let digit = Number(cnk[5 - index]);
    if (index % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return (10 - (sum % 10)) % 10 === Number(cnk[6]);
}

/** NIHII pharmacy number: 8 digits, digits 7–8 = 97 − (first 6 mod 97). */
export function isValidNihii(nihii: string): boolean {
  return digitsOnly(nihii, 8) && mod97Check(nihii.slice(0, 6)) === Number(nihii.slice(6));
}

/** RIZIV/INAMI provider: 11 digits = 6 id + 2 check + 3 qualification. */
export function isValidRiziv(riziv: string): boolean {
  return digitsOnly(riziv, 11) && mod97Check(riziv.slice(0, 6)) === Number(riziv.slice(6, 8));
}

/** INSZ/NISS: 11 digits; births from 2000 prefix a `2` before the 9 digits of the check. */
export function isValidInsz(insz: string): boolean {
  if (!digitsOnly(insz, 11)) return false;
  const check = Number(insz.slice(9));
  return mod97Check(insz.slice(0, 9)) === check || mod97Check(`2${insz.slice(0, 9)}`) === check;
}

/** Recip-e prescription id: `BEP` + 9 alphanumerics, no check digit. */
export function isValidRid(rid: string): boolean {
  return /^BEP[0-9A-Z]{9}$/.test(rid);
}

/** Legacy 14-digit barcode with a mod-97 check in its last 2 digits (DKV style). */
export function hasValidBarcodeMod97(barcode14: string): boolean {
  return digitsOnly(barcode14, 14) && mod97Check(barcode14.slice(0, 12)) === Number(barcode14.slice(12));
}

/** An all-zero identifier is the placeholder for "none" (no prescriber, no product id). */
export const isZeroPlaceholder = (id: string) => /^0+$/.test(id);
