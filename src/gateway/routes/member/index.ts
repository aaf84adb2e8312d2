import type { GatewayApp } from "../../env.js";
import { registerBarcode } from "./barcode.js";
import { registerBarcodeImages } from "./barcode-image.js";
import { registerCard } from "./card.js";
import { registerMemberDocuments } from "./documents.js";
import { registerMe } from "./me.js";
import { registerAccessLog } from "./access-log.js";
import { registerMemberExport } from "./export.js";

export function registerMemberRoutes(app: GatewayApp): void {
  registerMe(app);
  registerBarcode(app);
  registerBarcodeImages(app);
  registerCard(app);
  registerMemberDocuments(app);
  registerAccessLog(app);
  registerMemberExport(app);
}
