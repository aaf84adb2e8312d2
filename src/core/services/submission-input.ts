import { MalformedXml } from "../../bvac/formats/xml-tree.js";
import { readSmcMessage } from "../../bvac/formats/smc-xml-in.js";
import { classifyScannedText } from "../../barcode/scanned-text.js";
import { lineCountProblem, normaliseDocument } from "../../bvac/normalise.js";
import type { DocumentProblem } from "../../bvac/problems.js";
import { BvacSubmissionSchema, jsonTextLimits, rawFromSubmission, scanJsonText } from "../../bvac/submission-json.js";
import { ApiError, fieldProblems, type FieldProblem } from "../errors.js";
import type { Submission } from "./ingest.js";

const invalid = (problems: FieldProblem[]) =>
  new ApiError("validation_failed", { key: "detail.validation_failed.document", params: { count: problems.length } }, problems);

/**
 * A content problem at or under a shape problem's path is the same mistake seen twice (a
 * wrong-typed `patient` has no `patient.name`); `(body)`, a body that is not an object, covers all.
 * The shape paths go in a set and each content problem looks up its own ancestors, so the cost is
 * the depth of a path, not the product of both lists.
 */
function coveredBy(shape: readonly FieldProblem[]): (problem: FieldProblem) => boolean {
  const paths = new Set(shape.map(({ path }) => path));
  if (paths.has("(body)")) return () => true;
  return (problem) => {
    let path = problem.path;
    for (;;) {
      if (paths.has(path)) return true;
      const cut = path.lastIndexOf(".");
      if (cut < 0) return false;
      path = path.slice(0, cut);
    }
  };
}

/** The line cap, before zod or normalisation see a single line (`too_many_lines`). */
function checkLineCount(body: unknown): void {
  const lines = typeof body === "object" && body !== null ? Reflect.get(body, "lines") : undefined;
  if (!Array.isArray(lines)) return;
  const problem = lineCountProblem(lines.length, "lines");
  if (problem?.code === "too_many_lines") throw invalid([problem]);
}

/**
 * The barcode's format, checked with the rest of the body because it is cheap and needs nothing
 * stored: a signed token (`AP1:…`) or 14 digits once scanner noise is stripped. Whether the token
 * verifies and the member is covered is decided later, for an otherwise valid document only.
 */
function barcodeProblems(body: unknown): DocumentProblem[] {
  const barcode = typeof body === "object" && body !== null ? Reflect.get(body, "barcode") : undefined;
  if (typeof barcode !== "string" || classifyScannedText(barcode).kind !== "unrecognised") return [];
  return [{ path: "barcode", code: "invalid_barcode", message: "the barcode is the scanned text: AP1: + signed token, or 14 digits" }];
}

/**
 * A JSON submission (any parsed JSON value), checked in one pass: its shape by the request schema
 * (missing fields, JSON types) and its content by the normalisation the SMC XML goes through too,
 * run on whatever fields have the right type. Every problem of both comes back in one 422.
 */
export function submissionFromJson(body: unknown, today: string): Submission {
  checkLineCount(body);
  const shape = BvacSubmissionSchema.safeParse(body);
  const shapeProblems = shape.success ? [] : fieldProblems(shape.error, { value: body });
  const content = normaliseDocument(rawFromSubmission(body), { today, totalsRequired: false });
  const sameMistake = coveredBy(shapeProblems);
  const contentProblems = [...barcodeProblems(body), ...(content.ok ? [] : content.problems)].filter((problem) => !sameMistake(problem));
  const problems = [...shapeProblems, ...contentProblems];
  if (!shape.success || !content.ok || problems.length > 0) throw invalid(problems);
  return {
    document: content.document,
    warnings: content.warnings,
    scannedBarcode: shape.data.barcode,
    paths: { barcode: "barcode", pharmacy: "pharmacy.nihii", documentId: "documentId" },
  };
}

/**
 * A JSON submission as text: its size bounded before parsing (`scanJsonText`), then parsed and
 * checked as `submissionFromJson`. Nested too deep is not a document (400 `malformed_json`); too
 * many objects or members can only be too many lines (422 `too_many_lines`).
 */
export function submissionFromJsonText(text: string, today: string): Submission {
  const excess = scanJsonText(text);
  if (excess === "too_deep") {
    const message = `nested deeper than ${jsonTextLimits.maxDepth} levels`;
    throw new ApiError("malformed_json", `The body is not a BVAC document: ${message}.`, [{ path: "(body)", code: "too_deep", message }]);
  }
  if (excess === "too_many_containers") {
    throw invalid([{ path: "lines", code: "too_many_lines", message: "more objects than a document of 200 lines can hold" }]);
  }
  if (excess === "too_many_members") {
    throw invalid([{ path: "(body)", code: "too_many_fields", message: "more fields than a document of 200 lines can hold" }]);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ApiError("malformed_json", "The body is not valid JSON.");
  }
  return submissionFromJson(body, today);
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
    // Getters: an XML path is worked out only when a later problem (barcode, pharmacy) names it.
    paths: {
      get barcode() {
        return insurer.path.replace(/\/insurer$/, "");
      },
      get pharmacy() {
        return read.raw.pharmacyNihii.path;
      },
      get documentId() {
        return read.raw.documentId.path;
      },
    },
  };
}
