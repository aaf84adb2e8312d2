import type { DocumentProblem } from "../problems.js";
import { lineCountProblem } from "../normalise.js";
import { rawField, type RawDocument, type RawField, type RawLine } from "../raw-document.js";
import { childOf, childrenOf, parseXmlTree, type XmlElement } from "./xml-tree.js";

/** Namespaces of the AssurPharma single message (shared/fixtures/assurpharma/xsd). */
export const smcNamespaces = {
  smc: "http://www.apb.be/standards/smoa/schema/v1",
  model: "http://www.apb.be/standards/smoa/schema/model/v1",
} as const;

const { smc, model } = smcNamespaces;

export type SmcReadResult =
  | { ok: true; raw: RawDocument; barcode: { insurer: RawField; key1: RawField } }
  | { ok: false; problems: DocumentProblem[] };

/**
 * Reads one BVAC document from an SMC single message. Throws `MalformedXml` for a body that is not
 * well-formed UTF-8 XML (or carries a DTD); returns located problems for a message that is XML but
 * not one BVAC document. Everything outside the BVAC document (header, other event types,
 * pharmaceutical-care data) is ignored; the patient's national number is only noticed, never read.
 *
 * One message, one document: an SMC `PharmacyList`/`bvacList` may in principle hold several, but
 * each sale is one idempotent submission with its own answer within the pharmacy's 10-second
 * wait, so a message with several documents is refused (`multiple_documents`), never half-stored.
 */
export function readSmcMessage(bytes: Uint8Array): SmcReadResult {
  const root = parseXmlTree(bytes);
  if (root.uri !== smc || root.local !== "single-message") {
    return refuse(root.path, "unsupported_message", "the root element is not an SMC single-message (namespace " + smc + ")");
  }
  const events = childOf(childOf(childOf(root, smc, "unsigned"), smc, "eventFolder"), smc, "events");
  const found = childrenOf(events, smc, "event").flatMap((event) =>
    childrenOf(childOf(event, smc, "PharmacyList"), model, "pharmacy").flatMap((pharmacy) =>
      childrenOf(childOf(pharmacy, model, "bvacList"), model, "bvacDocument").map((document) => ({ pharmacy, document })),
    ),
  );
  if (found.length === 0) {
    return refuse(events?.path ?? `${root.path}/unsigned/eventFolder/events`, "unsupported_message", "the message holds no BVAC document (bvacList/bvacDocument)");
  }
  if (found.length > 1) {
    return refuse(found[1]?.document.path ?? root.path, "multiple_documents", "send one BVAC document per message");
  }
  const [{ pharmacy, document }] = found as [{ pharmacy: XmlElement; document: XmlElement }];
  // The line cap before any line is read (the SMC schema sets none; docs/ingestion.md).
  const productList = childOf(document, model, "productList");
  const tooMany = lineCountProblem(childrenOf(productList, model, "product").length, "");
  if (tooMany?.code === "too_many_lines") return { ok: false, problems: [{ ...tooMany, path: productList?.path ?? `${document.path}/productList` }] };
  return { ok: true, ...rawFromBvacDocument(pharmacy, document) };
}

function refuse(path: string, code: DocumentProblem["code"], message: string): SmcReadResult {
  return { ok: false, problems: [{ path, code, message }] };
}

const none: readonly string[] = [];

/**
 * A field read from the message: its trimmed text, and its path worked out only when read, i.e.
 * when a problem or warning names it. A class, and no closure per field: an object literal with
 * a getter is far slower to create, and a message has ~100 fields.
 */
class XmlField implements RawField {
  readonly value: string | null;
  /** The element is there with no text at all (what `RawLine.quantity` needs to know). */
  readonly empty: boolean;
  constructor(
    /** The element itself, or its deepest ancestor present in the message. */
    private readonly deepest: XmlElement,
    /** The local names from `deepest` down to the field when some are absent. */
    private readonly missing: readonly string[],
  ) {
    this.value = missing.length === 0 ? rawField(deepest.text, "").value : null;
    this.empty = missing.length === 0 && deepest.text === "";
  }

  get path(): string {
    return this.missing.length === 0 ? this.deepest.path : `${this.deepest.path}/${this.missing.join("/")}`;
  }

  /** As the plain field it stands for: the element it holds links the whole (cyclic) tree. */
  toJSON(): RawField {
    return { value: this.value, path: this.path };
  }
}

/** The element at `locals` below `from` (model namespace), located even when absent. */
function field(from: XmlElement, ...locals: string[]): XmlField {
  let element = from;
  for (let step = 0; step < locals.length; step++) {
    const child = childOf(element, model, locals[step]!);
    if (child === null) return new XmlField(element, locals.slice(step));
    element = child;
  }
  return new XmlField(element, none);
}

function rawFromBvacDocument(pharmacy: XmlElement, document: XmlElement): { raw: RawDocument; barcode: { insurer: RawField; key1: RawField } } {
  const doctor = childOf(document, model, "doctor");
  const productList = childOf(document, model, "productList");
  const raw: RawDocument = {
    documentId: field(document, "identification", "id"),
    pharmacyNihii: field(pharmacy, "identification", "id"),
    pharmacyName: field(pharmacy, "identity", "name"),
    currency: field(document, "currency"),
    deliveryDate: field(document, "deliveryDate"),
    patientName: field(document, "patient", "identity", "name"),
    patientFirstName: field(document, "patient", "identity", "firstName"),
    patientBirthDate: field(document, "patient", "birthDate"),
    nationalNumberSent: field(document, "patient", "identification", "id").value !== null,
    prescriber: doctor && {
      riziv: field(doctor, "identification", "inamiNumber"),
      name: field(doctor, "identity", "name"),
      firstName: field(doctor, "identity", "firstName"),
    },
    internalReference: field(document, "identification", "InternalReference"),
    linesPath: field(document, "productList").path,
    lines: childrenOf(productList, model, "product").map(rawLine),
    totals: {
      publicPrice: field(document, "totalAmounts", "totalPublicPrice"),
      paidPrice: field(document, "totalAmounts", "totalPaidPrice"),
      homeopathy: field(document, "totalAmounts", "totalHomeopathie"),
    },
  };
  return {
    raw,
    barcode: {
      insurer: field(document, "identification", "barCode", "insurer"),
      key1: field(document, "identification", "barCode", "key1"),
    },
  };
}

/** One product line; a class so that its path, too, is worked out only when read. */
class XmlLine implements RawLine {
  readonly productType: XmlField;
  readonly productId: XmlField;
  readonly description: XmlField;
  readonly prescriptionDate: XmlField;
  readonly quantity: XmlField;
  readonly publicPrice: XmlField;
  readonly paidPrice: XmlField;
  // The SMC has no per-line homeopathy flag: only the declared total.
  readonly homeopathic = null;

  constructor(private readonly product: XmlElement) {
    this.productType = field(product, "identification", "productTypeId");
    this.productId = field(product, "identification", "id");
    this.description = field(product, "description", "fullDescription");
    this.prescriptionDate = field(product, "prescriptionDate");
    this.quantity = field(product, "quantity");
    this.publicPrice = field(product, "amounts", "publicPrice");
    this.paidPrice = field(product, "amounts", "paidPrice");
  }

  get path(): string {
    return this.product.path;
  }
}

const rawLine = (product: XmlElement): RawLine => new XmlLine(product);
