import type { GatewayApp } from "../../env.js";
import { registerBarcodeVerify } from "./barcode-verify.js";

export function registerPharmacyRoutes(app: GatewayApp): void {
  registerBarcodeVerify(app);
}
