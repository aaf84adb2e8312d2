/**
 * What an input format hands to normalisation: every field as the text that arrived, with where it
 * was found. Both the JSON API and the SMC XML reader produce this, so every rule (identifiers,
 * placeholders, amounts, totals) lives once, in `normalise.ts`, and reports problems at the
 * caller's own paths.
 */
export interface RawField {
  /** The text as received (trimmed); null when the field or element is absent or empty. */
  value: string | null;
  /** JSON path or XML element path of the field, for problem reports. */
  path: string;
}

export interface RawLine {
  path: string;
  productType: RawField;
  productId: RawField;
  description: RawField;
  prescriptionDate: RawField;
  /** `empty`: the element is there with no text at all, which the SMC schema's `([0-9])*` allows. */
  quantity: RawField & { empty?: boolean };
  publicPrice: RawField;
  paidPrice: RawField;
  /** JSON only; null when the format has no per-line flag (SMC XML) or the line omits it. */
  homeopathic: boolean | null;
}

export interface RawDocument {
  documentId: RawField;
  pharmacyNihii: RawField;
  pharmacyName: RawField;
  currency: RawField;
  deliveryDate: RawField;
  patientName: RawField;
  patientFirstName: RawField;
  patientBirthDate: RawField;
  /** Whether a national number (INSZ) was present. Its value is never read into this structure. */
  nationalNumberSent: boolean;
  /** Null when the input has no prescriber block at all (JSON `prescriber: null`). */
  prescriber: { riziv: RawField; name: RawField; firstName: RawField } | null;
  internalReference: RawField;
  linesPath: string;
  lines: RawLine[];
  /** Declared totals; each value null when not sent (JSON may omit them, they are computed). */
  totals: { publicPrice: RawField; paidPrice: RawField; homeopathy: RawField };
}

/** A field with a value, for adapters: empty or whitespace-only text counts as absent. */
export function rawField(value: string | null | undefined, path: string): RawField {
  const trimmed = value?.trim();
  return { value: trimmed ? trimmed : null, path };
}
