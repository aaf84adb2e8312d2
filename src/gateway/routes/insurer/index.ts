import type { GatewayApp } from "../../env.js";
import { registerMemberRevoke } from "./member-revoke.js";

export function registerInsurerRoutes(app: GatewayApp): void {
  registerMemberRevoke(app);
}
