import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { rateLimitBindingName } from "../../src/adapters/workers/rate-limit-binding.js";
import { workerDeps } from "../../src/adapters/workers/deps.js";
import { readSettings } from "../../src/core/config.js";
import { createApp } from "../../src/gateway/app.js";
import { bearer, createPharmacy, expectProblem } from "../contract/helpers.js";
import { limitedEnv } from "../harness/workers-limits.js";
import { getHarness } from "#harness";

describe("rate limits on Workers through Cloudflare's Rate Limiting binding", () => {
  it("is configured for every audience in wrangler.toml, so the Worker under test uses it", () => {
    for (const audience of ["pharmacy", "insurer", "admin", "member"] as const) {
      expect(typeof (env as unknown as Record<string, { limit?: unknown }>)[rateLimitBindingName(audience)]?.limit, audience).toBe("function");
    }
  });

  it("answers the same 429 problem with Retry-After once the binding refuses", async () => {
    const gateway = await getHarness();
    const pharmacy = await createPharmacy(gateway);
    // The Worker's own deps, with the pharmacy audience bound to a limit of 3 a minute.
    const bindings = limitedEnv({ ...env, RATE_LIMIT_PHARMACY: env.RATE_LIMIT_TEST });
    const app = createApp(await workerDeps(bindings, readSettings(bindings, "workers")));
    const get = () => app.request("http://gateway.test/v1/bvac/no-such-document", { headers: bearer(pharmacy.apiKey) });
    for (let i = 0; i < 3; i += 1) expect((await get()).status).toBe(404);
    const refused = await get();
    await expectProblem(refused, 429, "rate_limited");
    expect(refused.headers.get("Retry-After")).toBe("60");
  });
});
