import { describe, expect, it } from "vitest";
import { readSettings } from "../../src/core/config.js";
import { openNodeDeps } from "../../src/adapters/node/deps.js";
import { createApp } from "../../src/gateway/app.js";
import { onboardInsurer, onboardPharmacy } from "../../src/core/services/onboarding.js";
import { sampleDocument, storeQueuedDocument } from "../support/bvac-documents.js";
import { silentLogger } from "../../src/adapters/console-logger.js";

describe("configured export lease (Node)", () => {
  it("leases for EXPORT_LEASE_SECONDS when the request names no lease", async () => {
    const { exportLeaseSeconds } = readSettings({ EXPORT_LEASE_SECONDS: "60" }, "node");
    const { deps, close } = await openNodeDeps({ filename: ":memory:", issuer: "https://pharmagate.test", logger: silentLogger, exportLeaseSeconds });
    try {
      const { apiKey } = await onboardInsurer(deps, { code: "7301", name: "I", legacyBarcodes: "accept", mod97: false, sealPublicKey: null });
      await onboardPharmacy(deps, { nihii: "27456740", name: "P" });
      await storeQueuedDocument(deps.db, sampleDocument({ nihii: "27456740", insurer: "7301", key1: "9912319994" }));
      const response = await createApp(deps).request("/v1/exports", { method: "POST", headers: { Authorization: `Bearer ${apiKey}` } });
      const seconds = (Date.parse(response.headers.get("x-lease-expires-at") ?? "") - Date.now()) / 1000;
      expect(seconds).toBeGreaterThan(55);
      expect(seconds).toBeLessThanOrEqual(60);
    } finally {
      await close();
    }
    expect(() => readSettings({ EXPORT_LEASE_SECONDS: "0" }, "node")).toThrow(/EXPORT_LEASE_SECONDS/);
  });
});
