import type { GatewayApp } from "../../env.js";
import { registerBvacReceiptSvg } from "./bvac-receipt-svg.js";
import { registerCancelBvac } from "./cancel-bvac.js";
import { registerGetBvac } from "./get-bvac.js";
import { registerSubmitBvac } from "./submit-bvac.js";

export function registerPharmacyRoutes(app: GatewayApp): void {
  registerSubmitBvac(app);
  registerGetBvac(app);
  registerCancelBvac(app);
  registerBvacReceiptSvg(app);
}
