import { expect } from "vitest";
import { upsertMember } from "../../src/core/store/members.js";
import { testIdp } from "../harness/identity-provider.js";
import type { Harness } from "../harness/types.js";
import { bearer, bodyOf, createInsurer, createPharmacy } from "./helpers.js";
import { insurerCopyFor } from "./bvac-helpers.js";

/** A random 10-digit key1. */
export const randomKey1 = () => String(1_000_000_000 + Math.floor(Math.random() * 8_999_999_999));

export interface MemberTenant {
  /** The audience this insurer's members' tokens carry (unique per insurer, as the gateway requires). */
  audience: string;
  insurer: { code: string; apiKey: string };
  pharmacy: { nihii: string; apiKey: string };
  holder: { key1: string; token: string };
  dependent: { key1: string; token: string };
  /** Same insurer, no link to the holder. */
  stranger: { key1: string; token: string };
}

/**
 * An insurer whose members sign in with the test identity provider, a policyholder with one
 * dependent, an unrelated member, and a pharmacy to scan with. Roster rows are written straight
 * to the database (the roster route is another area's). Two tenants in one test file need two
 * audiences: the gateway refuses a second insurer on the same issuer and audience.
 */
export async function createMemberTenant(harness: Harness, audience: string = testIdp.audience, code?: string): Promise<MemberTenant> {
  const insurer = await createInsurer(harness, {}, code);
  const pharmacy = await createPharmacy(harness);
  const configured = await harness.fetch(`/v1/admin/insurers/${insurer.code}/identity-provider`, {
    method: "PUT",
    headers: { "Content-Type": "application/json", ...bearer(harness.adminKey) },
    body: JSON.stringify({ issuer: testIdp.issuer, audience, jwksUrl: testIdp.jwksUrl, key1Claim: testIdp.key1Claim }),
  });
  expect(configured.status, JSON.stringify(await bodyOf(configured.clone()))).toBe(200);
  const [holder, dependent, stranger] = [randomKey1(), randomKey1(), randomKey1()] as [string, string, string];
  const coverage = [{ from: "2020-01-01", to: null }];
  const now = new Date().toISOString();
  await harness.dbFor(insurer.code).batch([
    ...(await insurerCopyFor(harness, insurer.code)),
    ...upsertMember({ insurer: insurer.code, key1: holder, name: "Ann Holder", birthDate: null, guardianKey1: null, coverage }, now),
    ...upsertMember({ insurer: insurer.code, key1: dependent, name: "Bo Dependent", birthDate: null, guardianKey1: holder, coverage }, now),
    ...upsertMember({ insurer: insurer.code, key1: stranger, name: "Cy Stranger", birthDate: null, guardianKey1: null, coverage: [{ from: "2020-01-01", to: "2021-12-31" }] }, now),
  ]);
  const token = (key1: string) => harness.memberToken({ key1, audience });
  return {
    audience,
    insurer,
    pharmacy,
    holder: { key1: holder, token: await token(holder) },
    dependent: { key1: dependent, token: await token(dependent) },
    stranger: { key1: stranger, token: await token(stranger) },
  };
}

export interface BarcodeBody {
  text: string;
  id: string;
  kid: string;
  issuedAt: string;
  expiresAt: string;
}

export async function getBarcode(harness: Harness, token: string, query = ""): Promise<BarcodeBody> {
  const response = await harness.fetch(`/v1/me/barcode${query}`, { headers: bearer(token) });
  const body = await bodyOf<BarcodeBody>(response);
  expect(response.status, JSON.stringify(body)).toBe(200);
  return body;
}

export async function verifyScan(harness: Harness, pharmacyKey: string, barcode: string, onDate?: string) {
  const response = await harness.fetch("/v1/barcodes/verify", {
    method: "POST",
    headers: { "Content-Type": "application/json", ...bearer(pharmacyKey) },
    body: JSON.stringify({ barcode, ...(onDate ? { onDate } : {}) }),
  });
  const body = await bodyOf<{ valid: boolean; reason?: string; kind?: string; insurer: string | null; key1: string | null; coveredOn?: string }>(response);
  expect(response.status, JSON.stringify(body)).toBe(200);
  return body;
}
