import type { Sealed } from "./seal.js";
import { element } from "./xml-text.js";

/**
 * The AssurPharma `BvacList` (insurer/assurpharma-batches-bvac-list.xsd): the root element in the
 * `https://gfddpp.services.be/` namespace, its children unqualified (the schema has no
 * `elementFormDefault`), one `Bvac` per document. Written in pieces so a batch can be streamed.
 */

export const bvacListNamespace = "https://gfddpp.services.be/";

export const bvacListOpen = `<?xml version="1.0" encoding="UTF-8"?>\n<ns2:BvacList xmlns:ns2="${bvacListNamespace}">\n`;
export const bvacListClose = "</ns2:BvacList>\n";

export interface BvacEntry {
  insurer: string;
  /** The message GUID (the SMC header's `messageID`). */
  sguid: string;
  documentId: string;
  /** Base64 only (`seal` / `unsealed`), written as it is. */
  sealed: Sealed;
}

/**
 * Writes one `Bvac` to `out` in three pieces. The key and the sealed message are base64: nothing
 * in them to escape, and scanning the few kilobytes of base64 for markup was the largest single
 * cost of an XML export. The message, nearly all of the entry, is written on its own rather than
 * joined to the tags first, which made the whole entry one more string to flatten and copy.
 */
export function writeBvacEntry(out: { text(text: string): void }, entry: BvacEntry): void {
  out.text(
    `<Bvac>${element("CBFA", entry.insurer)}${element("SGUID", entry.sguid)}${element("BvacDocumentId", entry.documentId)}` +
      `<EncryptedSymmetricKey>${entry.sealed.encryptedSymmetricKey}</EncryptedSymmetricKey><SingleMessageSealed>`,
  );
  out.text(entry.sealed.singleMessageSealed);
  out.text("</SingleMessageSealed></Bvac>\n");
}
