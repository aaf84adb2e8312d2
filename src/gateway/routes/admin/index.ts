import type { GatewayApp } from "../../env.js";
import { registerKeyRevocation } from "./keys.js";
import { registerOnboarding } from "./onboarding.js";

export function registerAdminRoutes(app: GatewayApp): void {
  registerOnboarding(app);
  registerKeyRevocation(app);
}
