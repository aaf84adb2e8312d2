import type { GatewayApp } from "../../env.js";
import { registerHealthz } from "./healthz.js";
import { registerInsurerList } from "./insurers.js";
import { registerJwks } from "./jwks.js";
import { registerStatusList } from "./status-list.js";

export function registerPublicRoutes(app: GatewayApp): void {
  registerHealthz(app);
  registerInsurerList(app);
  registerJwks(app);
  registerStatusList(app);
}
