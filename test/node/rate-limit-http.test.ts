import { describe, expect, it } from "vitest";
import { issueAdminKey } from "../../src/core/services/onboarding.js";
import { bearer, expectProblem } from "../contract/helpers.js";
import { createMemberTenant } from "../contract/member-helpers.js";
import { appHarness } from "./support/app-harness.js";
import { systemClock } from "../../src/adapters/system-clock.js";
import { type RateLimits } from "../../src/core/config.js";

// Node only: the limits are set per app here; the contract suite's shared apps run the defaults.
async function appWithLimits(rateLimits: RateLimits = { pharmacy: null, insurer: null, member: null, address: null, admin: { perSecond: 0.2, burst: 2 } }) {
  const harness = await appHarness({ rateLimits });
  const other = await issueAdminKey({ db: harness.db, clock: systemClock }, "second operator");
  return { app: { request: harness.fetch }, harness, adminKey: harness.adminKey, otherKey: other.apiKey, close: harness.close };
}

const revoke = (key: string) => ({ method: "POST", headers: bearer(key) });

describe("rate limits over HTTP", () => {
  it("answers 429 problem+json with Retry-After once a key's burst is spent, other keys unaffected", async () => {
    const { app, adminKey, otherKey, close } = await appWithLimits();
    try {
      for (let i = 0; i < 2; i++) await expectProblem(await app.request("/v1/admin/keys/key_nope/revoke", revoke(adminKey)), 404, "not_found");
      const limited = await app.request("/v1/admin/keys/key_nope/revoke", revoke(adminKey));
      expect(limited.headers.get("retry-after")).toBe("5");
      const problem = await expectProblem(limited, 429, "rate_limited");
      expect(problem).toMatchObject({ type: "urn:pharmagate:problem:rate_limited" });
      await expectProblem(await app.request("/v1/admin/keys/key_nope/revoke", revoke(otherKey)), 404, "not_found");
    } finally {
      await close();
    }
  });

  it("limits each member (not each token): a fresh sign-in does not refill the bucket", async () => {
    const { app, harness, close } = await appWithLimits({ pharmacy: null, insurer: null, admin: null, address: null, member: { perSecond: 0.1, burst: 2 } });
    try {
      const tenant = await createMemberTenant(harness);
      for (let i = 0; i < 2; i++) expect((await app.request("/v1/me", { headers: bearer(tenant.holder.token) })).status).toBe(200);
      const again = await harness.memberToken({ key1: tenant.holder.key1 });
      const limited = await app.request("/v1/me", { headers: bearer(again) });
      expect(limited.headers.get("retry-after")).toBe("10");
      await expectProblem(limited, 429, "rate_limited");
      expect((await app.request("/v1/me", { headers: bearer(tenant.dependent.token) })).status).toBe(200);
    } finally {
      await close();
    }
  });

  it("does not spend a bucket on unauthenticated requests (they never reach a principal)", async () => {
    const { app, adminKey, close } = await appWithLimits();
    try {
      for (let i = 0; i < 5; i++) await expectProblem(await app.request("/v1/admin/keys/k/revoke", revoke("ak_unknown")), 401, "unauthenticated");
      await expectProblem(await app.request("/v1/admin/keys/k/revoke", revoke(adminKey)), 404, "not_found");
    } finally {
      await close();
    }
  });

  it("lists 429 in the OpenAPI responses of every protected operation", async () => {
    const { app, close } = await appWithLimits();
    try {
      const document = (await (await app.request("/openapi.json")).json()) as {
        paths: Record<string, Record<string, { security?: unknown[]; responses: Record<string, unknown> }>>;
      };
      const protectedOps = Object.entries(document.paths).flatMap(([path, item]) =>
        Object.entries(item)
          .filter(([, operation]) => (operation.security ?? []).length > 0)
          .map(([method, operation]) => ({ op: `${method} ${path}`, has429: "429" in operation.responses })),
      );
      expect(protectedOps.length).toBeGreaterThan(0);
      expect(protectedOps.filter((entry) => !entry.has429)).toEqual([]);
    } finally {
      await close();
    }
  });
});
