import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { workerDeps } from "../../src/adapters/workers/deps.js";
import { readSettings } from "../../src/core/config.js";
import { createApp } from "../../src/gateway/app.js";
import { bearer, expectProblem } from "../contract/helpers.js";

// Workers: the address is Cloudflare's CF-Connecting-IP (Node: test/node/pre-auth-limit.test.ts).

describe("per-address limit before authentication (Workers)", () => {
  it("answers 429 with Retry-After per CF-Connecting-IP before any credential is looked at", async () => {
    const settings = readSettings({ ...env, RATE_LIMITS: "address=0.5/3" }, "workers");
    const app = createApp(await workerDeps(env, settings));
    const from = (address: string, key = "pk_forged") =>
      app.fetch(new Request("http://gateway.test/v1/bvac", { method: "POST", headers: { ...bearer(key), "CF-Connecting-IP": address } }), env);
    for (let i = 0; i < 3; i++) await expectProblem(await from("203.0.113.7"), 401, "unauthenticated");
    const limited = await from("203.0.113.7");
    expect(limited.headers.get("retry-after")).toBe("2");
    await expectProblem(limited, 429, "rate_limited");
    await expectProblem(await from("2001:db8::1"), 401, "unauthenticated");
  });
});
