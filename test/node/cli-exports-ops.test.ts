import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insurerKey, parkedList, parkedRequeue } from "../../src/cli/exports-ops.js";
import { openNodeDeps } from "../../src/adapters/node/deps.js";
import { findPrincipalByKeyHash } from "../../src/core/store/api-keys.js";
import type { AppDeps } from "../../src/core/deps.js";
import { onboardInsurer, onboardPharmacy } from "../../src/core/services/onboarding.js";
import { sampleDocument, storeQueuedDocument } from "../support/bvac-documents.js";
import { silentLogger } from "../../src/adapters/console-logger.js";
import { drainOutbox } from "../../src/core/services/outbox.js";
import { sha256Hex } from "../../src/bvac/sha256.js";

let deps: AppDeps;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ deps, close } = await openNodeDeps({ filename: ":memory:", issuer: "https://pharmagate.test", logger: silentLogger }));
  for (const code of ["7201", "7202"]) await onboardInsurer(deps, { code, name: `I ${code}`, legacyBarcodes: "accept", mod97: false, sealPublicKey: null });
  await onboardPharmacy(deps, { nihii: "27456740", name: "P" });
});
afterAll(() => close());

describe("operator CLI for insurers and parked exports", () => {
  it("issues an aggregator key bound to several registered codes, and refuses unknown codes", async () => {
    const output = await insurerKey.run(deps, { code: ["7201", "7202", "7201"], label: "AssurCard" }, []);
    const { apiKey } = output.json as { apiKey: string };
    expect(await findPrincipalByKeyHash(deps.db, await sha256Hex(apiKey))).toMatchObject({ kind: "insurer", insurers: ["7201", "7202"] });
    await expect(insurerKey.run(deps, { code: ["7201", "7999"] }, [])).rejects.toThrow(/not registered: 7999/);
  });

  it("lists parked entries and requeues one", async () => {
    const doc = sampleDocument({ nihii: "27456740", insurer: "7201", key1: "9912319994" });
    const pk = await storeQueuedDocument(deps.db, doc);
    await drainOutbox(deps.db);
    await deps.db.run("UPDATE export_queue SET attempts = 5, parked_at = ? WHERE document_pk = ?", [new Date().toISOString(), pk]);
    const listed = (await parkedList.run(deps, { insurer: "7201" }, [])).json as { parked: Array<{ entryId: number; documentId: string }> };
    expect(listed.parked.map((entry) => entry.documentId)).toEqual([doc.documentId]);
    expect((await parkedList.run(deps, { insurer: "7202" }, [])).text).toBe("Nothing parked.");
    await parkedRequeue.run(deps, { id: String(listed.parked[0]!.entryId) }, []);
    expect(await deps.db.first("SELECT parked_at, attempts FROM export_queue WHERE document_pk = ?", [pk])).toEqual({ parked_at: null, attempts: 0 });
    await expect(parkedRequeue.run(deps, { id: String(listed.parked[0]!.entryId) }, [])).rejects.toThrow(/no parked entry/i);
    await expect(parkedRequeue.run(deps, { id: "x" }, [])).rejects.toThrow(/--id/);
  });
});
