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
  const tooMany = lineCountProblem(childrenOf(productList, model, "product").length, productList?.path ?? `${document.path}/productList`);
  if (tooMany?.code === "too_many_lines") return { ok: false, problems: [tooMany] };
  return { ok: true, ...rawFromBvacDocument(pharmacy, document) };
}

function refuse(path: string, code: DocumentProblem["code"], message: string): SmcReadResult {
  return { ok: false, problems: [{ path, code, message }] };
}

/** The text of the element at `locals` below `from` (model namespace), located even when absent. */
function field(from: XmlElement | null, fromPath: string, ...locals: string[]): RawField {
  let element = from;
  for (const local of locals) element = childOf(element, model, local);
  return rawField(element?.text, element?.path ?? `${fromPath}/${locals.join("/")}`);
}

function rawFromBvacDocument(pharmacy: XmlElement, document: XmlElement): { raw: RawDocument; barcode: { insurer: RawField; key1: RawField } } {
  const at = document.path;
  const patient = childOf(document, model, "patient");
  const patientPath = patient?.path ?? `${at}/patient`;
  const doctor = childOf(document, model, "doctor");
  const productList = childOf(document, model, "productList");
  const totals = childOf(document, model, "totalAmounts");
  const totalsPath = totals?.path ?? `${at}/totalAmounts`;
  const identification = childOf(document, model, "identification");
  const identificationPath = identification?.path ?? `${at}/identification`;

  const raw: RawDocument = {
    documentId: field(identification, identificationPath, "id"),
    pharmacyNihii: field(pharmacy, pharmacy.path, "identification", "id"),
    pharmacyName: field(pharmacy, pharmacy.path, "identity", "name"),
    currency: field(document, at, "currency"),
    deliveryDate: field(document, at, "deliveryDate"),
    patientName: field(patient, patientPath, "identity", "name"),
    patientFirstName: field(patient, patientPath, "identity", "firstName"),
    patientBirthDate: field(patient, patientPath, "birthDate"),
    nationalNumberSent: field(patient, patientPath, "identification", "id").value !== null,
    prescriber: doctor && {
      riziv: field(doctor, doctor.path, "identification", "inamiNumber"),
      name: field(doctor, doctor.path, "identity", "name"),
      firstName: field(doctor, doctor.path, "identity", "firstName"),
    },
    internalReference: field(identification, identificationPath, "InternalReference"),
    linesPath: productList?.path ?? `${at}/productList`,
    lines: childrenOf(productList, model, "product").map(rawLine),
    totals: {
      publicPrice: field(totals, totalsPath, "totalPublicPrice"),
      paidPrice: field(totals, totalsPath, "totalPaidPrice"),
      homeopathy: field(totals, totalsPath, "totalHomeopathie"),
    },
  };
  return {
    raw,
    barcode: {
      insurer: field(identification, identificationPath, "barCode", "insurer"),
      key1: field(identification, identificationPath, "barCode", "key1"),
    },
  };
}

function rawLine(product: XmlElement): RawLine {
  const at = product.path;
  return {
    path: at,
    productType: field(product, at, "identification", "productTypeId"),
    productId: field(product, at, "identification", "id"),
    description: field(product, at, "description", "fullDescription"),
    prescriptionDate: field(product, at, "prescriptionDate"),
    quantity: { ...field(product, at, "quantity"), empty: childOf(product, model, "quantity")?.text === "" },
    publicPrice: field(product, at, "amounts", "publicPrice"),
    paidPrice: field(product, at, "amounts", "paidPrice"),
    // The SMC has no per-line homeopathy flag: only the declared total.
    homeopathic: null,
  };
}
