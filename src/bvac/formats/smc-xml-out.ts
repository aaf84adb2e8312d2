import type { BvacDocument, BvacLine } from "../model.js";
import { element } from "./xml-text.js";
import { formatCents } from "../amounts.js";

/**
 * Writes a normalised BVAC document as an AssurPharma SMC single message (`single-message` →
 * `unsigned` → `header` + `eventFolder` with one `BvacEventType` event), the format insurers'
 * import jobs already read. The output validates against
 * `xsd/maindoc/single-message-oa-1.0.xsd`, which requires the `header` the older examples lack.
 *
 * The SMC schema requires a few values our model keeps optional; absent ones are written as the
 * placeholders the AssurPharma messages themselves use for "none":
 * - no prescriber → `inamiNumber` 00000000000 (domain.md: a sale without prescription);
 * - no product id (a type-0 line) → 000000000000000;
 * - an absent first name (patient or prescriber) or prescriber name → `-`, because `IdentityBvac`
 *   requires both `name` and `firstName` with at least one character;
 * - `InternalReference` is at most 50 characters in the schema (64 in our model): a longer one is
 *   left out rather than cut, since a truncated reference would point at the wrong prescription.
 */

const ns = {
  smc: "http://www.apb.be/standards/smoa/schema/v1",
  model: "http://www.apb.be/standards/smoa/schema/model/v1",
  id: "http://www.apb.be/standards/smoa/schema/id/v1",
  xsi: "http://www.w3.org/2001/XMLSchema-instance",
};

/** SMC header version written by this gateway (the schema leaves it free text). */
export const smcVersion = "2.0.6";
const noPrescriber = "00000000000";
/** The all-zero product id of a type-0 ("divers") line, which our model stores as null. */
const noProductId = "0".repeat(15);
const placeholderName = "-";

export interface SmcMessageMeta {
  /** Header `messageID` and event `id`: a UUID, fresh per export of the document. */
  messageId: string;
  /** Header `messageCreateDate`, an ISO-8601 date-time. */
  createdAt: string;
}

const m = (name: string, text: string) => element(`model:${name}`, text);

// Template literals rather than arrays joined: this runs once per exported document.
const productXml = (line: BvacLine): string =>
  `<model:product><model:identification>${m("productTypeId", String(line.productType))}${m("id", line.productId ?? noProductId)}</model:identification>` +
  `<model:description>${m("fullDescription", line.description)}</model:description>` +
  `${line.prescriptionDate ? m("prescriptionDate", line.prescriptionDate) : ""}${m("quantity", String(line.quantity))}` +
  `<model:amounts>${m("publicPrice", formatCents(line.publicPriceCents))}${m("paidPrice", formatCents(line.paidPriceCents))}</model:amounts></model:product>`;

function documentXml(doc: BvacDocument): string {
  const reference = doc.internalReference && doc.internalReference.length <= 50 ? m("InternalReference", doc.internalReference) : "";
  const prescriber = doc.prescriber;
  let products = "";
  for (const line of doc.lines) products += productXml(line);
  return (
    `<model:bvacDocument><model:identification>${m("id", doc.documentId)}${reference}` +
    `<model:barCode>${m("insurer", doc.barcode.insurer)}${m("key1", doc.barcode.key1)}</model:barCode></model:identification>` +
    `${m("currency", doc.currency)}${m("deliveryDate", doc.deliveryDate)}` +
    `<model:patient><model:identity>${m("name", doc.patient.name)}${m("firstName", doc.patient.firstName ?? placeholderName)}</model:identity>` +
    `${doc.patient.birthDate ? m("birthDate", doc.patient.birthDate) : ""}</model:patient>` +
    `<model:doctor><model:identification>${m("inamiNumber", prescriber?.riziv ?? noPrescriber)}</model:identification>` +
    `<model:identity>${m("name", prescriber?.name ?? placeholderName)}${m("firstName", prescriber?.firstName ?? placeholderName)}</model:identity></model:doctor>` +
    `<model:productList>${products}</model:productList>` +
    `<model:totalAmounts>${m("totalPublicPrice", formatCents(doc.totals.publicPriceCents))}${m("totalPaidPrice", formatCents(doc.totals.paidPriceCents))}` +
    `${m("totalHomeopathie", formatCents(doc.totals.homeopathyCents))}</model:totalAmounts></model:bvacDocument>`
  );
}

const messageOpen =
  `<?xml version="1.0" encoding="UTF-8"?><smc:single-message xmlns:smc="${ns.smc}" xmlns:model="${ns.model}" xmlns:id="${ns.id}" xmlns:xsi="${ns.xsi}">` +
  `<smc:unsigned><smc:header>${element("smc:version", smcVersion)}`;

/** The whole single message, UTF-8 XML with an XML declaration. */
export function writeSmcMessage(doc: BvacDocument, meta: SmcMessageMeta): string {
  const pharmacy = doc.pharmacy;
  return (
    `${messageOpen}${element("smc:messageCreateDate", meta.createdAt)}${element("smc:messageID", meta.messageId)}` +
    `<smc:sender><model:refPharmacy><model:pharmacyId xsi:type="id:NihiiIdType">${element("id:nihiiPharmacyNumber", pharmacy.nihii)}</model:pharmacyId></model:refPharmacy></smc:sender>` +
    `</smc:header><smc:eventFolder><smc:events><smc:event xsi:type="smc:BvacEventType">${element("smc:id", meta.messageId)}` +
    `<smc:PharmacyList><model:pharmacy><model:identification>${m("id", pharmacy.nihii)}</model:identification>` +
    `<model:identity>${m("name", pharmacy.name)}</model:identity><model:bvacList>${documentXml(doc)}</model:bvacList>` +
    `</model:pharmacy></smc:PharmacyList></smc:event></smc:events></smc:eventFolder></smc:unsigned></smc:single-message>`
  );
}
