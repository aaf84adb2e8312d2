import type { GatewayApp } from "../../env.js";
import { registerKeyRevocation } from "./keys.js";
import { registerMemberSignIn } from "./member-sign-in.js";
import { registerIdentityProvider } from "./identity-provider.js";
import { registerInsurerPolicy } from "./insurer-policy.js";
import { registerOnboarding } from "./onboarding.js";
import { registerParked } from "./parked.js";
import { registerSigningKeys } from "./signing-keys.js";
import { registerRetention } from "./retention.js";

export function registerAdminRoutes(app: GatewayApp): void {
  registerOnboarding(app);
  registerInsurerPolicy(app);
  registerKeyRevocation(app);
  registerSigningKeys(app);
  registerIdentityProvider(app);
  registerMemberSignIn(app);
  registerParked(app);
  registerRetention(app);
}
