import type { GatewayApp } from "../../env.js";

export function registerInsurerRoutes(_app: GatewayApp): void {}
