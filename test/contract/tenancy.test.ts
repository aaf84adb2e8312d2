import { beforeAll, describe, expect, it } from "vitest";
import { getHarness } from "#harness";
import type { Harness } from "../harness/types.js";
import { bearer, createInsurer, createPharmacy } from "./helpers.js";
import { createMemberTenant } from "./member-helpers.js";
import { fillPath, routeTable, type Operation } from "./route-table.js";

/**
 * The tenancy matrix, generated from the served route table: every protected operation is called
 * with no credentials, with garbage, and with every other audience's valid credentials, and must
 * refuse with 401/403 problem+json, a status its OpenAPI entry lists. A new route is covered the
 * day it is registered.
 */

let gateway: Harness;
let operations: Operation[];
/** A valid credential per security scheme name. */
const credentials: Record<string, string> = {};

/** Routes that are public by design (DESIGN.md); any other route without `security` fails below. */
const publicRoutes = new Set(["GET /healthz", "GET /v1/insurers", "GET /.well-known/jwks.json", "GET /v1/status-list"]);

beforeAll(async () => {
  gateway = await getHarness();
  operations = await routeTable(gateway);
  credentials.adminKey = gateway.adminKey;
  credentials.pharmacyKey = (await createPharmacy(gateway)).apiKey;
  credentials.insurerKey = (await createInsurer(gateway)).apiKey;
  // A member signed in through their insurer's identity provider, on the roster.
  credentials.memberToken = (await createMemberTenant(gateway)).holder.token;
});

function requestFor(operation: Operation, headers: Record<string, string>): RequestInit {
  return {
    method: operation.method,
    headers: operation.hasBody ? { "Content-Type": "application/json", ...headers } : headers,
    ...(operation.hasBody ? { body: "{}" } : {}),
  };
}

async function expectRefusal(operation: Operation, headers: Record<string, string>, allowed: number[], label: string) {
  const name = `${operation.method} ${operation.template} with ${label}`;
  const response = await gateway.fetch(fillPath(operation.template), requestFor(operation, headers));
  const text = await response.text();
  expect(allowed, `${name}: got ${response.status} ${text.slice(0, 300)}`).toContain(response.status);
  expect(operation.statuses.has(response.status), `${name}: ${response.status} is not in its OpenAPI responses`).toBe(true);
  expect(response.headers.get("content-type"), name).toMatch(/^application\/problem\+json/);
  const problem = JSON.parse(text) as { code?: string; status?: number };
  expect(problem.status, name).toBe(response.status);
  expect(problem.code, name).toMatch(response.status === 401 ? /^unauthenticated$/ : /^forbidden$/);
  // Nothing of the caller's own or anyone's secrets comes back in a refusal.
  for (const secret of Object.values(credentials)) expect(text, name).not.toContain(secret);
}

describe("tenancy matrix from the route table", () => {
  it("finds the protected routes, and every unauthenticated route is public by design", () => {
    const open = operations.filter((operation) => operation.schemes.length === 0).map((op) => `${op.method} ${op.template}`);
    expect(open.filter((name) => !publicRoutes.has(name)), "routes without `security`").toEqual([]);
    expect(operations.filter((operation) => operation.schemes.length > 0).length).toBeGreaterThan(0);
  });

  it("refuses every protected operation without credentials (401)", async () => {
    for (const operation of operations.filter((op) => op.schemes.length > 0)) {
      await expectRefusal(operation, {}, [401], "no Authorization");
      await expectRefusal(operation, { Authorization: "Basic dXNlcjpwYXNz" }, [401], "a non-Bearer scheme");
    }
  });

  it("refuses garbage and look-alike credentials (401)", async () => {
    const fakes = ["garbage", "pk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "ik_not-a-key", "ak_not-a-key", "eyJhbGciOiJub25lIn0.e30."];
    for (const operation of operations.filter((op) => op.schemes.length > 0)) {
      for (const fake of fakes) await expectRefusal(operation, bearer(fake), [401], `bearer ${fake.slice(0, 6)}…`);
    }
  });

  it("refuses every other audience's valid credentials (401/403)", async () => {
    let checked = 0;
    for (const operation of operations.filter((op) => op.schemes.length > 0)) {
      for (const [scheme, key] of Object.entries(credentials)) {
        if (operation.schemes.includes(scheme)) continue;
        await expectRefusal(operation, bearer(key), [401, 403], scheme);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it("lets the right audience past authentication (the matrix is not refusing everything)", async () => {
    for (const operation of operations.filter((op) => op.schemes.length > 0)) {
      const scheme = operation.schemes.find((name) => credentials[name] !== undefined);
      if (!scheme) continue;
      const response = await gateway.fetch(fillPath(operation.template), requestFor(operation, bearer(credentials[scheme]!)));
      expect([401, 403], `${operation.method} ${operation.template} with its own ${scheme}`).not.toContain(response.status);
    }
  });
});
