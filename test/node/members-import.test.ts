import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { membersImport } from "../../src/cli/members-import.js";
import { openNodeDeps } from "../../src/adapters/node/deps.js";
import { onboardInsurer } from "../../src/core/services/onboarding.js";
import type { AppDeps } from "../../src/core/deps.js";
import { silentLogger } from "../../src/adapters/console-logger.js";
import { scratchFile } from "../support/scratch.js";

let deps: AppDeps;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ deps, close } = await openNodeDeps({ filename: ":memory:", issuer: "https://pharmagate.test", logger: silentLogger }));
  await onboardInsurer(deps, { code: "7100", name: "Roster Co", legacyBarcodes: "accept", mod97: false, sealPublicKey: null });
});
afterAll(() => close());

const line = (key1: string, extra: object = {}) => JSON.stringify({ insurer: "7100", key1, name: `M ${key1}`, coverage: [{ from: "2024-01-01" }], ...extra });
const count = async () => (await deps.db.first<{ n: number }>("SELECT COUNT(*) AS n FROM members WHERE insurer = '7100'"))?.n;

describe("npm run cli -- members import FILE", () => {
  it("applies a file in chunks, dependents after or before their guardian, with progress on stderr", async () => {
    const lines = [line("5000000000", { guardianKey1: "5000000009" }), ...Array.from({ length: 9 }, (_, i) => line(String(5000000001 + i)))];
    const file = scratchFile("roster.ndjson", lines.join("\r\n") + "\r\n");
    const stderr: string[] = [];
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      stderr.push(String(chunk));
      return true;
    });
    try {
      const output = await membersImport.run(deps, { chunk: "4" }, [file]);
      expect(output.json).toEqual({ file, applied: 10, chunk: 4 });
    } finally {
      spy.mockRestore();
    }
    expect(await count()).toBe(10);
    expect(stderr.join("")).toMatch(/members 100% 10\/10/);
    const dependent = await deps.db.first<{ guardian_key1: string }>("SELECT guardian_key1 FROM members WHERE insurer = '7100' AND key1 = '5000000000'");
    expect(dependent?.guardian_key1).toBe("5000000009");
  });

  it("reports every bad line and applies nothing", async () => {
    const before = await count();
    const file = scratchFile("bad.ndjson", [line("6000000001"), line("6000000002", { insurer: "7999" }), "nope", line("6000000003", { guardianKey1: "6999999999" })].join("\n"));
    await expect(membersImport.run(deps, {}, [file])).rejects.toThrow(/3 problem\(s\); nothing was applied\.\n {2}line\.2\.insurer: insurer_not_allowed.*\n {2}line\.3: malformed_json.*\n {2}line\.4\.guardianKey1: unknown_guardian/);
    expect(await count()).toBe(before);
  });

  it("refuses a missing file and a bad chunk size as usage errors", async () => {
    await expect(membersImport.run(deps, {}, [])).rejects.toThrow(/name the NDJSON roster file/);
    await expect(membersImport.run(deps, {}, ["/nonexistent/roster.ndjson"])).rejects.toThrow(/cannot read/);
    await expect(membersImport.run(deps, { chunk: "0" }, ["x"])).rejects.toThrow(/--chunk/);
  });
});
