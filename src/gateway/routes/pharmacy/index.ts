import type { GatewayApp } from "../../env.js";

export function registerPharmacyRoutes(_app: GatewayApp): void {}
