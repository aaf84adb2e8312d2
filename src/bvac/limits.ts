/**
 * Limits of a BVAC document's fields, from the SMC schema where it has one. `normaliseDocument`
 * enforces them (for JSON and XML alike) and the JSON request schema only documents them, so each
 * number lives here once.
 */
export const documentLimits = {
  /** Document ids end up in URLs and file names: a safe alphabet, 1–64 characters. */
  documentIdPattern: /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/,
  /** Pharmacy, patient and prescriber names. */
  nameLength: 200,
  descriptionLength: 100,
  /** The SMC `InternalReference`. */
  internalReferenceLength: 50,
  /**
   * Product lines per document. The SMC schema sets no maximum (`maxOccurs="unbounded"`) and
   * AssurPharma documents none; 200 is ours, checked before any other work on a body.
   */
  maxLines: 200,
  /** Packs per line: the stored model's bound (the SMC schema's `([0-9])*` has none). */
  maxQuantityDigits: 6,
  /** A product id: 8 zeros + CNK, or the pharmacy's own 15-character id. */
  productIdLength: 15,
} as const;
