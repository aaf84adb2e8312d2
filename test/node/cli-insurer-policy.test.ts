import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openNodeDeps } from "../../src/adapters/node/deps.js";
import { silentLogger } from "../../src/adapters/console-logger.js";
import { insurerAdd, insurerSet } from "../../src/cli/onboarding.js";
import type { AppDeps } from "../../src/core/deps.js";
import { findInsurer } from "../../src/core/store/insurers.js";

// The CLI's side of "create and change are separate" (the API's is in test/contract/go-live-security.test.ts).

let deps: AppDeps;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ deps, close } = await openNodeDeps({ filename: ":memory:", issuer: "https://pharmagate.test", logger: silentLogger }));
});
afterAll(() => close());

describe("operator CLI: insurer add and insurer set", () => {
  it("refuses to add an existing code, and changes only the flags given, logged with the operator's name", async () => {
    await insurerAdd.run(deps, { code: "7401", name: "DKV test", "legacy-barcodes": "reject", mod97: true }, []);
    await expect(insurerAdd.run(deps, { code: "7401", name: "Again" }, [])).rejects.toMatchObject({ code: "conflict", detail: expect.stringContaining("insurer set") });
    expect(await findInsurer(deps.db, "7401")).toMatchObject({ name: "DKV test", legacyBarcodes: "reject", mod97: true });

    const output = await insurerSet.run(deps, { code: "7401", mod97: "off" }, []);
    expect(output.json).toMatchObject({ changed: [{ field: "mod97", from: true, to: false }] });
    expect(output.text).toContain("mod97: true -> false");
    expect(await findInsurer(deps.db, "7401")).toMatchObject({ name: "DKV test", legacyBarcodes: "reject", mod97: false });
    const log = await deps.db.all<{ changed_by: string }>("SELECT changed_by FROM insurer_policy_changes WHERE insurer = '7401'");
    expect(log.map((row) => row.changed_by)).toEqual([expect.stringMatching(/^cli \(.+\)$/)]);

    await expect(insurerSet.run(deps, { code: "7401", mod97: "yes" }, [])).rejects.toThrow(/--mod97: on or off/);
    await expect(insurerSet.run(deps, { code: "7499", name: "Nobody" }, [])).rejects.toMatchObject({ code: "not_found" });
  });
});
