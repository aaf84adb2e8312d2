import type { GatewayApp } from "../../env.js";

export function registerMemberRoutes(_app: GatewayApp): void {}
