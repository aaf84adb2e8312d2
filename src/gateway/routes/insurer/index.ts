import type { GatewayApp } from "../../env.js";
import { registerDecision } from "./decision.js";
import { registerExportClose } from "./export-close.js";
import { registerExportLease } from "./export-lease.js";
import { registerMemberRevoke } from "./member-revoke.js";
import { registerPlanPut } from "./plan-put.js";
import { registerRoster } from "./roster.js";
import { registerMemberRemove } from "./member-remove.js";

export function registerInsurerRoutes(app: GatewayApp): void {
  registerExportLease(app);
  registerExportClose(app);
  registerDecision(app);
  registerRoster(app);
  registerMemberRevoke(app);
  registerPlanPut(app);
  registerMemberRemove(app);
}
