import type { BvacDocument, BvacLine } from "../model.js";
import { escapeXml } from "./xml-text.js";
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

// One template per element group with the tags in its fixed parts, and `escapeXml` only on the
// values that come from the document: this runs once per exported document, and building each
// element through a helper (four joins and an escape check per value, numbers included) was most
// of the message's cost.
const productXml = (line: BvacLine): string =>
  `<model:product><model:identification><model:productTypeId>${line.productType}</model:productTypeId>` +
  `<model:id>${line.productId == null ? noProductId : escapeXml(line.productId)}</model:id></model:identification>` +
  `<model:description><model:fullDescription>${escapeXml(line.description)}</model:fullDescription></model:description>` +
  `${line.prescriptionDate ? `<model:prescriptionDate>${escapeXml(line.prescriptionDate)}</model:prescriptionDate>` : ""}` +
  `<model:quantity>${line.quantity}</model:quantity><model:amounts><model:publicPrice>${formatCents(line.publicPriceCents)}</model:publicPrice>` +
  `<model:paidPrice>${formatCents(line.paidPriceCents)}</model:paidPrice></model:amounts></model:product>`;

function documentXml(doc: BvacDocument): string {
  const reference =
    doc.internalReference && doc.internalReference.length <= 50 ? `<model:InternalReference>${escapeXml(doc.internalReference)}</model:InternalReference>` : "";
  const prescriber = doc.prescriber;
  const patient = doc.patient;
  let products = "";
  for (const line of doc.lines) products += productXml(line);
  return (
    `<model:bvacDocument><model:identification><model:id>${escapeXml(doc.documentId)}</model:id>${reference}` +
    `<model:barCode><model:insurer>${escapeXml(doc.barcode.insurer)}</model:insurer><model:key1>${escapeXml(doc.barcode.key1)}</model:key1></model:barCode></model:identification>` +
    `<model:currency>${escapeXml(doc.currency)}</model:currency><model:deliveryDate>${escapeXml(doc.deliveryDate)}</model:deliveryDate>` +
    `<model:patient><model:identity><model:name>${escapeXml(patient.name)}</model:name>` +
    `<model:firstName>${patient.firstName == null ? placeholderName : escapeXml(patient.firstName)}</model:firstName></model:identity>` +
    `${patient.birthDate ? `<model:birthDate>${escapeXml(patient.birthDate)}</model:birthDate>` : ""}</model:patient>` +
    `<model:doctor><model:identification><model:inamiNumber>${prescriber?.riziv == null ? noPrescriber : escapeXml(prescriber.riziv)}</model:inamiNumber></model:identification>` +
    `<model:identity><model:name>${prescriber?.name == null ? placeholderName : escapeXml(prescriber.name)}</model:name>` +
    `<model:firstName>${prescriber?.firstName == null ? placeholderName : escapeXml(prescriber.firstName)}</model:firstName></model:identity></model:doctor>` +
    `<model:productList>${products}</model:productList>` +
    `<model:totalAmounts><model:totalPublicPrice>${formatCents(doc.totals.publicPriceCents)}</model:totalPublicPrice>` +
    `<model:totalPaidPrice>${formatCents(doc.totals.paidPriceCents)}</model:totalPaidPrice>` +
    `<model:totalHomeopathie>${formatCents(doc.totals.homeopathyCents)}</model:totalHomeopathie></model:totalAmounts></model:bvacDocument>`
  );
}

const messageOpen =
  `<?xml version="1.0" encoding="UTF-8"?><smc:single-message xmlns:smc="${ns.smc}" xmlns:model="${ns.model}" xmlns:id="${ns.id}" xmlns:xsi="${ns.xsi}">` +
  `<smc:unsigned><smc:header><smc:version>${smcVersion}</smc:version>`;

/** The whole single message, UTF-8 XML with an XML declaration. */
export function writeSmcMessage(doc: BvacDocument, meta: SmcMessageMeta): string {
  const pharmacy = doc.pharmacy;
  const messageId = escapeXml(meta.messageId);
  const nihii = escapeXml(pharmacy.nihii);
  return (
    `${messageOpen}<smc:messageCreateDate>${escapeXml(meta.createdAt)}</smc:messageCreateDate><smc:messageID>${messageId}</smc:messageID>` +
    `<smc:sender><model:refPharmacy><model:pharmacyId xsi:type="id:NihiiIdType"><id:nihiiPharmacyNumber>${nihii}</id:nihiiPharmacyNumber></model:pharmacyId></model:refPharmacy></smc:sender>` +
    `</smc:header><smc:eventFolder><smc:events><smc:event xsi:type="smc:BvacEventType"><smc:id>${messageId}</smc:id>` +
    `<smc:PharmacyList><model:pharmacy><model:identification><model:id>${nihii}</model:id></model:identification>` +
    `<model:identity><model:name>${escapeXml(pharmacy.name)}</model:name></model:identity><model:bvacList>${documentXml(doc)}</model:bvacList>` +
    `</model:pharmacy></smc:PharmacyList></smc:event></smc:events></smc:eventFolder></smc:unsigned></smc:single-message>`
  );
}
