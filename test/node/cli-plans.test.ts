import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openNodeDeps } from "../../src/adapters/node/deps.js";
import { silentLogger } from "../../src/adapters/console-logger.js";
import { plansPut } from "../../src/cli/plans.js";
import type { AppDeps } from "../../src/core/deps.js";
import { onboardInsurer } from "../../src/core/services/onboarding.js";
import { findPlanVersion } from "../../src/core/store/plans.js";
import { axaPlan } from "../support/plan-bodies.js";

let deps: AppDeps;
let close: () => Promise<void>;
const dir = mkdtempSync(join(tmpdir(), "pharmagate-plans-"));
const file = (name: string, body: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof body === "string" ? body : JSON.stringify(body));
  return path;
};

beforeAll(async () => {
  ({ deps, close } = await openNodeDeps({ filename: ":memory:", issuer: "https://pharmagate.test", logger: silentLogger }));
  await onboardInsurer(deps, { code: "7301", name: "I 7301", legacyBarcodes: "accept", mod97: false, sealPublicKey: null });
});
afterAll(() => close());

describe("plans put (CLI twin of PUT /v1/insurers/{code}/plans/{planId})", () => {
  it("stores a version from the same JSON body, in cents, and a later version takes over from its validFrom", async () => {
    const output = await plansPut.run(deps, { insurer: "7301", plan: "axa-317" }, [file("axa.json", axaPlan)]);
    expect(output.json).toMatchObject({ insurer: "7301", planId: "axa-317", validFrom: "2010-07-01", validTo: null });
    await plansPut.run(deps, { insurer: "7301", plan: "axa-317" }, [file("axa-2027.json", { ...axaPlan, validFrom: "2027-07-01", deductible: { amount: "30.00", per: "member" } })]);
    expect((await findPlanVersion(deps.db, "7301", "axa-317", "2026-11-20"))?.plan.deductible).toEqual({ cents: 2500, per: "member" });
    expect((await findPlanVersion(deps.db, "7301", "axa-317", "2027-07-01"))?.plan.deductible).toEqual({ cents: 3000, per: "member" });
    expect(await findPlanVersion(deps.db, "7301", "axa-317", "2010-06-30")).toBeNull();
    // A version that ended is not replaced by an older one.
    await plansPut.run(deps, { insurer: "7301", plan: "ended" }, [file("ended.json", { ...axaPlan, validTo: "2015-12-31" })]);
    expect(await findPlanVersion(deps.db, "7301", "ended", "2016-01-01")).toBeNull();
  });

  it("names every problem of the file and the flags, and stores nothing", async () => {
    const bad = plansPut.run(deps, { insurer: "73", plan: "no spaces" }, [file("bad.json", { ...axaPlan, coinsurancePercent: -1, base: "public" })]);
    await expect(bad).rejects.toThrow(/--insurer[\s\S]*--plan[\s\S]*coinsurancePercent[\s\S]*base/);
    await expect(plansPut.run(deps, { insurer: "7301", plan: "x" }, [file("broken.json", "{")])).rejects.toThrow(/cannot read .* as JSON/);
    await expect(plansPut.run(deps, { insurer: "7999", plan: "x" }, [file("ok.json", axaPlan)])).rejects.toThrow(/No insurer 7999/);
  });
});
