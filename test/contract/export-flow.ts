import { expect } from "vitest";
import { LeasedBatchSchema } from "../../src/gateway/routes/insurer/export-schemas.js";
import type { Harness } from "../harness/types.js";
import { bearer, bodyOf, json } from "./helpers.js";

/** Leases everything queued for the key (JSON) and acknowledges it; returns the delivered entries. */
export async function leaseAndAck(gateway: Harness, insurerKey: string) {
  await gateway.drainQueue();
  const response = await gateway.fetch("/v1/exports", json({ limit: 1000 }, { ...bearer(insurerKey), Accept: "application/json" }));
  expect(response.status).toBe(200);
  const batch = LeasedBatchSchema.parse(await bodyOf(response));
  const ack = await gateway.fetch(`/v1/exports/${batch.batchId}/ack`, { method: "POST", headers: bearer(insurerKey) });
  expect(ack.status, await ack.clone().text()).toBe(200);
  return batch.documents;
}
