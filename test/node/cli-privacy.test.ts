import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insurerRetentionCommand, purgeRun } from "../../src/cli/privacy.js";
import { openNodeDeps } from "../../src/adapters/node/deps.js";
import type { AppDeps } from "../../src/core/deps.js";
import { onboardInsurer, onboardPharmacy } from "../../src/core/services/onboarding.js";
import { purgeExpired } from "../../src/core/services/purge.js";
import { listErasures } from "../../src/core/store/purge.js";
import { removeMembersStatements } from "../../src/core/store/erasure.js";
import { upsertMember } from "../../src/core/store/members.js";
import { sampleDocument, storeQueuedDocument } from "../support/bvac-documents.js";
import { silentLogger } from "../../src/adapters/console-logger.js";

let deps: AppDeps;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ deps, close } = await openNodeDeps({ filename: ":memory:", issuer: "https://pharmagate.test", logger: silentLogger }));
  await onboardInsurer(deps, { code: "7301", name: "I 7301", legacyBarcodes: "accept", mod97: false, sealPublicKey: null });
  await onboardPharmacy(deps, { nihii: "27456740", name: "P" });
});
afterAll(() => close());

describe("operator CLI for retention and the purge", () => {
  it("shows, sets and resets an insurer's retention, refusing bad values", async () => {
    expect((await insurerRetentionCommand.run(deps, { code: "7301" }, [])).json).toEqual({ insurer: "7301", days: null, effectiveDays: 400, defaultDays: 400 });
    const set = await insurerRetentionCommand.run(deps, { code: "7301", days: "90" }, []);
    expect(set.text).toMatch(/kept 90 days .*its own setting/);
    expect((await insurerRetentionCommand.run(deps, { code: "7301", default: true }, [])).json).toMatchObject({ days: null, effectiveDays: 400 });
    await expect(insurerRetentionCommand.run(deps, { code: "7301", days: "0" }, [])).rejects.toThrow(/--days/);
    await expect(insurerRetentionCommand.run(deps, { code: "7301", days: "5", default: true }, [])).rejects.toThrow(/exclude/);
    await expect(insurerRetentionCommand.run(deps, { code: "7999" }, [])).rejects.toThrow(/No insurer 7999/);
  });

  it("runs the purge until nothing is left", async () => {
    const pk = await storeQueuedDocument(deps.db, sampleDocument({ nihii: "27456740", insurer: "7301", key1: "9912319994" }));
    const old = new Date(Date.now() - 401 * 24 * 60 * 60 * 1000).toISOString();
    await deps.db.batch([
      { sql: "DELETE FROM outbox WHERE document_pk = ?", params: [pk] },
      { sql: "UPDATE bvac_documents SET status = 'rejected', updated_at = ? WHERE pk = ?", params: [old, pk] },
    ]);
    const output = await purgeRun.run(deps, {}, []);
    expect(output.json).toMatchObject({ documents: 1, runs: 1 });
    expect(output.text).toMatch(/^Purged 1 document/);
  });

  it("puts an erasure still waiting behind the others, so it cannot hold them back", async () => {
    const now = new Date().toISOString();
    const coverage = [{ from: "2020-01-01", to: null }];
    for (const key1 of ["1000000001", "1000000002"]) {
      await deps.db.batch(upsertMember({ insurer: "7301", key1, name: "M", birthDate: null, guardianKey1: null, coverage }, now));
    }
    // The first removed has a document still queued for the insurer; the second has nothing.
    await storeQueuedDocument(deps.db, sampleDocument({ nihii: "27456740", insurer: "7301", key1: "1000000001" }));
    await deps.db.batch(removeMembersStatements([{ insurer: "7301", key1: "1000000001" }], "2026-01-01T00:00:00.000Z"));
    await deps.db.batch(removeMembersStatements([{ insurer: "7301", key1: "1000000002" }], "2026-01-02T00:00:00.000Z"));
    expect((await listErasures(deps.db, 10)).map((erasure) => erasure.key1)).toEqual(["1000000001", "1000000002"]);

    const report = await purgeExpired(deps);
    expect(report).toMatchObject({ erasuresWaiting: 1, erasuresFinished: 1 });
    await deps.db.batch(removeMembersStatements([{ insurer: "7301", key1: "1000000009" }], now)); // never a member: nothing recorded
    expect((await listErasures(deps.db, 10)).map((erasure) => erasure.key1)).toEqual(["1000000001"]);
    // A later removal comes before the one found waiting.
    await deps.db.batch(upsertMember({ insurer: "7301", key1: "1000000003", name: "M", birthDate: null, guardianKey1: null, coverage }, now));
    await deps.db.batch(removeMembersStatements([{ insurer: "7301", key1: "1000000003" }], new Date().toISOString()));
    expect((await listErasures(deps.db, 10)).map((erasure) => erasure.key1)).toEqual(["1000000003", "1000000001"]);
  });
});
