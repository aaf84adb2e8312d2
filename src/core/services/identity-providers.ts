import { ApiError } from "../errors.js";
import type { AppDeps } from "../deps.js";
import { upsertIdentityProvider, type IdentityProvider } from "../store/identity-providers.js";
import { findInsurer } from "../store/insurers.js";
import { run } from "../store/sql.js";

export type { IdentityProvider };

/** Sets the OpenID provider whose access tokens sign the insurer's members in. */
export async function configureIdentityProvider(deps: Pick<AppDeps, "db">, provider: IdentityProvider): Promise<IdentityProvider> {
  if (!(await findInsurer(deps.db, provider.insurer))) throw new ApiError("not_found", "No insurer with that code.");
  await run(deps.db, upsertIdentityProvider(provider));
  return provider;
}
