import type { GatewayApp } from "../../env.js";
import { registerBarcodeVerify } from "./barcode-verify.js";
import { registerBvacReceiptSvg } from "./bvac-receipt-svg.js";
import { registerCancelBvac } from "./cancel-bvac.js";
import { registerEstimateSale } from "./estimate-sale.js";
import { registerGetBvac } from "./get-bvac.js";
import { registerSubmitBvac } from "./submit-bvac.js";

export function registerPharmacyRoutes(app: GatewayApp): void {
  registerBarcodeVerify(app);
  registerSubmitBvac(app);
  registerGetBvac(app);
  registerCancelBvac(app);
  registerBvacReceiptSvg(app);
  registerEstimateSale(app);
}
