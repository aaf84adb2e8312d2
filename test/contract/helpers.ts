import { expect } from "vitest";
import type { Harness } from "../harness/types.js";

export const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: "POST",
  headers: { "Content-Type": "application/json", ...headers },
  body: JSON.stringify(body),
});

export const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });

/** Reads a JSON body, failing with the raw text when it is not JSON, so a red test explains itself. */
export async function bodyOf<T = Record<string, unknown>>(response: Response): Promise<T> {
  const text = await response.text();
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`expected JSON, got ${response.status}: ${text.slice(0, 500)}`);
  }
}

/** Asserts an RFC 9457 problem with the given status and code; returns it for further checks. */
export async function expectProblem(response: Response, status: number, code: string) {
  const problem = await bodyOf<{ status: number; code: string; errors?: Array<{ path: string; code: string }> }>(response);
  expect(response.status, JSON.stringify(problem)).toBe(status);
  expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  expect(problem).toMatchObject({ status, code });
  return problem;
}

/** A NIHII with valid check digits, different on each call, for per-test tenants. */
export function randomNihii(): string {
  const base = String(100000 + Math.floor(Math.random() * 899999));
  return base + String(97 - Number(BigInt(base) % 97n)).padStart(2, "0");
}

const usedInsurerCodes = new Set<string>();

/**
 * A 4-digit insurer code for a per-test tenant, never handed out twice in a test file: two tests
 * sharing a code would share its queue (the suite's storage lives as long as the file). Avoids the
 * demo's 6000. On Workers the codes starting with 7 or 8 are in their own databases
 * (vitest.workers.config.ts); `prefix` picks where a test's insurer lives.
 */
export function randomInsurerCode(prefix = ""): string {
  for (;;) {
    const code = String(7000 + Math.floor(Math.random() * 2999));
    if (code.startsWith(prefix) && !usedInsurerCodes.has(code)) {
      usedInsurerCodes.add(code);
      return code;
    }
  }
}

export async function createPharmacy(harness: Harness, nihii = randomNihii(), name = "Test pharmacy") {
  const response = await harness.fetch("/v1/admin/pharmacies", json({ nihii, name }, bearer(harness.adminKey)));
  const body = await bodyOf<{ apiKey: string; keyId: string }>(response);
  expect(response.status, JSON.stringify(body)).toBe(201);
  return { nihii, ...body };
}

export async function createInsurer(
  harness: Harness,
  policy: { legacyBarcodes?: "accept" | "reject"; mod97?: boolean; sealPublicKey?: string } = {},
  code = randomInsurerCode(),
) {
  const response = await harness.fetch(
    "/v1/admin/insurers",
    json({ code, name: `Insurer ${code}`, ...policy }, bearer(harness.adminKey)),
  );
  const body = await bodyOf<{ apiKey: string; keyId: string }>(response);
  expect(response.status, JSON.stringify(body)).toBe(201);
  return { code, ...body };
}
