import { ApiError } from "../errors.js";
import type { AppDeps } from "../deps.js";
import { findInsurerSharingProvider, upsertIdentityProvider, type IdentityProvider } from "../store/identity-providers.js";
import { findInsurer } from "../store/insurers.js";
import { run } from "../store/sql.js";

export type { IdentityProvider };

/**
 * Sets the OpenID provider whose access tokens sign the insurer's members in. The (issuer, audience)
 * pair must be the insurer's own: shared with another insurer, it is a 409 naming that insurer.
 */
export async function configureIdentityProvider(deps: Pick<AppDeps, "db">, provider: IdentityProvider): Promise<IdentityProvider> {
  if (!(await findInsurer(deps.db, provider.insurer))) throw new ApiError("not_found", "No insurer with that code.");
  if ((await run(deps.db, upsertIdentityProvider(provider))).changes === 0) {
    const other = await findInsurerSharingProvider(deps.db, provider);
    throw new ApiError(
      "conflict",
      `Insurer ${other ?? "another insurer"} already trusts issuer ${provider.issuer} with audience ${provider.audience}: a token could not tell the two insurers' members apart. Ask the provider for a separate audience per insurer.`,
      [{ path: "audience", code: "provider_shared", message: `issuer and audience already configured for insurer ${other ?? "?"}` }],
    );
  }
  return provider;
}
