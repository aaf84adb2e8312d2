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

export function upsertIdentityProvider(provider: IdentityProvider): Statement {
  return {
    sql: `INSERT INTO identity_providers (insurer, issuer, audience, jwks_url, key1_claim) VALUES (?, ?, ?, ?, ?)
          ON CONFLICT (insurer) DO UPDATE SET issuer = excluded.issuer, audience = excluded.audience,
            jwks_url = excluded.jwks_url, key1_claim = excluded.key1_claim`,
    params: [provider.insurer, provider.issuer, provider.audience, provider.jwksUrl, provider.key1Claim],
  };
}

/** Every insurer trusting this issuer (one provider may serve several insurers, told apart by audience). */
export async function findIdentityProvidersByIssuer(db: Database, issuer: string): Promise<IdentityProvider[]> {
  const rows = await db.all<ProviderRow>("SELECT * FROM identity_providers WHERE issuer = ? ORDER BY insurer", [issuer]);
  return rows.map((row) => ({ insurer: row.insurer, issuer: row.issuer, audience: row.audience, jwksUrl: row.jwks_url, key1Claim: row.key1_claim }));
}
