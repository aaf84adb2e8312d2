import type { GatewayApp } from "../../env.js";
import { registerKeyRevocation } from "./keys.js";
import { registerOnboarding } from "./onboarding.js";
import { registerParked } from "./parked.js";

export function registerAdminRoutes(app: GatewayApp): void {
  registerOnboarding(app);
  registerKeyRevocation(app);
  registerParked(app);
}
