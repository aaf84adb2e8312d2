import type { GatewayApp } from "../../env.js";
import { registerHealthz } from "./healthz.js";
import { registerInsurerList } from "./insurers.js";
import { registerJwks } from "./jwks.js";

export function registerPublicRoutes(app: GatewayApp): void {
  registerHealthz(app);
  registerInsurerList(app);
  registerJwks(app);
}
