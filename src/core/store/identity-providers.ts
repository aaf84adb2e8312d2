import type { Database, Statement } from "../ports.js";

/** An insurer's OpenID provider: whose access tokens sign members in, and which claim holds key1. */
export interface IdentityProvider {
  insurer: string;
  issuer: string;
  audience: string;
  jwksUrl: string;
  key1Claim: string;
}

interface ProviderRow {
  insurer: string;
  issuer: string;
  audience: string;
  jwks_url: string;
  key1_claim: string;
}

/**
 * Sets the insurer's provider unless another insurer already trusts the same issuer and audience
 * (then nothing is written: `changes` is 0). One statement, so two operators racing cannot both
 * pass the check; the unique index on (issuer, audience) backs it.
 */
export function upsertIdentityProvider(provider: IdentityProvider): Statement {
  return {
    sql: `INSERT INTO identity_providers (insurer, issuer, audience, jwks_url, key1_claim)
          SELECT ?, ?, ?, ?, ?
           WHERE NOT EXISTS (SELECT 1 FROM identity_providers WHERE issuer = ? AND audience = ? AND insurer <> ?)
          ON CONFLICT (insurer) DO UPDATE SET issuer = excluded.issuer, audience = excluded.audience,
            jwks_url = excluded.jwks_url, key1_claim = excluded.key1_claim`,
    params: [provider.insurer, provider.issuer, provider.audience, provider.jwksUrl, provider.key1Claim, provider.issuer, provider.audience, provider.insurer],
  };
}

/** The insurer (other than `insurer`) whose provider has this issuer and audience, if any. */
export async function findInsurerSharingProvider(db: Database, provider: Pick<IdentityProvider, "insurer" | "issuer" | "audience">): Promise<string | null> {
  const row = await db.first<{ insurer: string }>("SELECT insurer FROM identity_providers WHERE issuer = ? AND audience = ? AND insurer <> ?", [
    provider.issuer,
    provider.audience,
    provider.insurer,
  ]);
  return row?.insurer ?? null;
}

/** Every insurer trusting this issuer (one provider may serve several insurers, told apart by audience). */
export async function findIdentityProvidersByIssuer(db: Database, issuer: string): Promise<IdentityProvider[]> {
  const rows = await db.all<ProviderRow>("SELECT * FROM identity_providers WHERE issuer = ? ORDER BY insurer", [issuer]);
  return rows.map((row) => ({ insurer: row.insurer, issuer: row.issuer, audience: row.audience, jwksUrl: row.jwks_url, key1Claim: row.key1_claim }));
}
