import { serve } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createApp } from "../../src/gateway/app.js";
import type { Database } from "../../src/core/ports.js";
import { nodeGateway } from "../support/node-gateway.js";
import { manualClock } from "./support/app-harness.js";
import { bearer, expectProblem } from "../contract/helpers.js";
import type { RateLimits } from "../../src/core/config.js";

// Node: the address is the socket's peer, so these go over real HTTP (Workers: test/workers/pre-auth-limit.test.ts).

const limits: RateLimits = { pharmacy: null, insurer: null, admin: null, member: null, address: { perSecond: 0.5, burst: 3 } };

/** The gateway on a real socket; counts the database reads the app makes. */
async function listening(options: { rateLimits?: RateLimits; clientAddressHeader?: string } = {}) {
  let reads = 0;
  const counted = (db: Database): Database => ({
    ...db,
    kind: db.kind,
    first: (...args) => ((reads += 1), db.first(...args)),
    all: (...args) => ((reads += 1), db.all(...args)),
  });
  // A clock that stands still: the buckets must not refill while a loaded machine runs the loop.
  const { clock } = manualClock();
  const gateway = await nodeGateway({ clock, rateLimits: options.rateLimits ?? limits, clientAddressHeader: options.clientAddressHeader }, (deps) => ({ ...deps, db: counted(deps.db) }));
  const app = createApp({ ...gateway.deps });
  const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise((resolve) => server.once("listening", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    app,
    fetch: (path: string, init?: RequestInit) => fetch(`http://127.0.0.1:${port}${path}`, init),
    reads: () => reads,
    async close() {
      await new Promise((resolve) => server.close(resolve));
      await gateway.close();
    },
  };
}

const opened: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const gateway of opened.splice(0)) await gateway.close();
  vi.restoreAllMocks();
});

describe("per-address limit before authentication", () => {
  it("answers 429 with Retry-After to a flood of forged tokens without looking any of them up", async () => {
    const gateway = await listening();
    opened.push(gateway);
    for (let i = 0; i < 3; i++) await expectProblem(await gateway.fetch("/v1/me", { headers: bearer(`eyJhbGciOiJFZERTQSJ9.eyJpc3MiOiJodHRwczovL2lkcC50ZXN0In0.${i}`) }), 401, "unauthenticated");
    const readsAfterBurst = gateway.reads();
    expect(readsAfterBurst).toBeGreaterThan(0);
    for (let i = 0; i < 20; i++) {
      const limited = await gateway.fetch("/v1/bvac", { method: "POST", headers: bearer(`pk_forged-${i}`) });
      expect(limited.headers.get("retry-after")).toBe("2");
      const problem = await expectProblem(limited, 429, "rate_limited");
      expect(JSON.stringify(problem)).toContain("from this address");
    }
    expect(gateway.reads()).toBe(readsAfterBurst);
    // Public routes are behind the same gate.
    await expectProblem(await gateway.fetch("/healthz"), 429, "rate_limited");
  });

  it("keys the bucket on a trusted proxy's header when one is configured (the last X-Forwarded-For entry)", async () => {
    const gateway = await listening({ clientAddressHeader: "x-forwarded-for" });
    opened.push(gateway);
    const from = (chain: string) => gateway.fetch("/healthz", { headers: { "X-Forwarded-For": chain } });
    for (let i = 0; i < 3; i++) expect((await from(`10.0.0.${i}, 203.0.113.5`)).status).toBe(200);
    // What the client wrote before the proxy's entry does not give it a new bucket.
    await expectProblem(await from("198.51.100.1, 203.0.113.5"), 429, "rate_limited");
    expect((await from("203.0.113.6")).status).toBe(200);
  });
});

describe("OpenAPI document and /docs", () => {
  it("are built once per process, however often they are asked for", async () => {
    const gateway = await listening({ rateLimits: { ...limits, address: null } });
    opened.push(gateway);
    const build = vi.spyOn(gateway.app, "getOpenAPI31Document");
    const first = await (await gateway.fetch("/openapi.json")).text();
    for (let i = 0; i < 3; i++) {
      expect(await (await gateway.fetch("/openapi.json")).text()).toBe(first);
      expect((await gateway.fetch("/docs")).status).toBe(200);
    }
    expect(build).toHaveBeenCalledTimes(1);
    expect(JSON.parse(first)).toMatchObject({ openapi: "3.1.0", paths: expect.objectContaining({ "/v1/admin/insurers/{code}": expect.anything() }) });
  });
});
