import { MalformedXml } from "../../adapters/formats/xml-tree.js";
import { readSmcMessage } from "../../adapters/formats/smc-xml-in.js";
import { normaliseDocument } from "../../bvac/normalise.js";
import type { DocumentProblem } from "../../bvac/problems.js";
import { rawFromSubmission, type BvacSubmission } from "../../bvac/submission-json.js";
import { ApiError } from "../errors.js";
import type { Submission } from "./ingest.js";

const invalid = (problems: DocumentProblem[]) =>
  new ApiError("validation_failed", `The document has ${problems.length} problem(s); see errors[].`, problems);

/** A JSON submission, normalised; every problem of the document in one 422. */
export function submissionFromJson(body: BvacSubmission, today: string): Submission {
  const result = normaliseDocument(rawFromSubmission(body), { today, totalsRequired: false });
  if (!result.ok) throw invalid(result.problems);
  return {
    document: result.document,
    warnings: result.warnings,
    scannedBarcode: body.barcode,
    paths: { barcode: "barcode", pharmacy: "pharmacy.nihii", documentId: "documentId" },
  };
}

/**
 * An SMC single message, normalised. Not well-formed, not UTF-8 or carrying a DTD: 400
 * `malformed_xml`. Its `insurer` + `key1` are the scanned 14-digit legacy code.
 */
export function submissionFromXml(bytes: Uint8Array, today: string): Submission {
  let read: ReturnType<typeof readSmcMessage>;
  try {
    read = readSmcMessage(bytes);
  } catch (error) {
    if (error instanceof MalformedXml) {
      throw new ApiError("malformed_xml", error.detail, [{ path: "(body)", code: error.code, message: error.detail }]);
    }
    throw error;
  }
  if (!read.ok) throw invalid(read.problems);
  const { insurer, key1 } = read.barcode;
  const problems: DocumentProblem[] = [];
  if (insurer.value === null || !/^\d{4}$/.test(insurer.value)) {
    problems.push({ path: insurer.path, code: "invalid_barcode", message: "the insurer code (CBFA) is 4 digits" });
  }
  if (key1.value === null || !/^\d{10}$/.test(key1.value)) {
    problems.push({ path: key1.path, code: "invalid_barcode", message: "key1 is 10 digits" });
  }
  const result = normaliseDocument(read.raw, { today, totalsRequired: true });
  if (!result.ok) problems.push(...result.problems);
  if (!result.ok || problems.length > 0) throw invalid(problems);
  return {
    document: result.document,
    warnings: result.warnings,
    scannedBarcode: `${insurer.value}${key1.value}`,
    paths: { barcode: insurer.path.replace(/\/insurer$/, ""), pharmacy: read.raw.pharmacyNihii.path, documentId: read.raw.documentId.path },
  };
}
