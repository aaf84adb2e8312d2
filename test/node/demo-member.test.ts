import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openNodeDeps } from "../../src/adapters/node/deps.js";
import { seedDemo, type DemoCredentials } from "../../src/adapters/node/demo-seed.js";
import { createApp } from "../../src/gateway/app.js";
import { silentLogger } from "../../src/adapters/console-logger.js";

const dataDir = mkdtempSync(join(tmpdir(), "pharmagate-demo-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("demo mode", () => {
  it("writes member access tokens from the built-in issuer that sign in, and only in demo mode", async () => {
    const demo = await openNodeDeps({ filename: join(dataDir, "db.sqlite"), issuer: "http://localhost:8791", logger: silentLogger, dataDir, demo: true });
    const path = await seedDemo(demo.deps, dataDir, "http://127.0.0.1:8791");
    const credentials = JSON.parse(readFileSync(path, "utf8")) as DemoCredentials;
    const [holder, dependent] = credentials.members;
    const app = createApp(demo.deps);
    const me = await app.request("/v1/me", { headers: { Authorization: `Bearer ${holder!.accessToken}` } });
    expect(me.status, await me.clone().text()).toBe(200);
    expect(await me.json()).toMatchObject({ key1: "9912319994", dependents: [{ key1: "9912319984" }] });
    const forDependent = await app.request("/v1/me/barcode?member=9912319984", { headers: { Authorization: `Bearer ${holder!.accessToken}` } });
    expect(forDependent.status).toBe(200);
    const reverse = await app.request("/v1/me/barcode?member=9912319994", { headers: { Authorization: `Bearer ${dependent!.accessToken}` } });
    expect(reverse.status).toBe(403);
    await demo.close();

    // Same data directory, demo off: the development issuer is no longer trusted.
    const production = await openNodeDeps({ filename: join(dataDir, "db.sqlite"), issuer: "http://localhost:8791", logger: silentLogger, dataDir, demo: false });
    const refused = await createApp(production.deps).request("/v1/me", { headers: { Authorization: `Bearer ${holder!.accessToken}` } });
    expect(refused.status).toBe(401);
    await production.close();
  });
});
