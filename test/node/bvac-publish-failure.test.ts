import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jsonDocument, queueRows, tenant } from "../contract/bvac-helpers.js";
import { bearer, bodyOf, json } from "../contract/helpers.js";
import { nodeGateway } from "../support/node-gateway.js";
import { drainOutbox } from "../../src/core/services/outbox.js";

// A queue whose publish always fails (a Cloudflare Queues outage, say): the 201 must still hold,
// because the outbox row committed with the document is what guarantees delivery.
const published: number[][] = [];
let gateway: Awaited<ReturnType<typeof nodeGateway>>;

beforeAll(async () => {
  gateway = await nodeGateway({ dispatcherPollMs: 3_600_000 }, (deps) => ({
    ...deps,
    queue: {
      kind: "cloudflare-queues",
      publish: async (_insurer, ids) => {
        published.push([...ids]);
        throw new Error("queue unavailable");
      },
    },
  }));
});
afterAll(async () => {
  await gateway?.close();
});

describe("a failing queue publish", () => {
  it("does not fail the submission: the outbox row stays and is delivered by the next drain", async () => {
    const { harness, deps } = gateway;
    const t = await tenant(harness);
    const document = jsonDocument(t);
    const response = await harness.fetch("/v1/bvac", json(document, bearer(t.pharmacy.apiKey)));
    expect(response.status, JSON.stringify(await bodyOf(response))).toBe(201);
    expect(published).toHaveLength(1);
    expect(await queueRows(harness, t.pharmacy.nihii, document.documentId)).toEqual({ outbox: 1, exports: 0, withdrawn: 0 });
    await drainOutbox(deps.db);
    expect(await queueRows(harness, t.pharmacy.nihii, document.documentId)).toEqual({ outbox: 0, exports: 1, withdrawn: 0 });
  });
});
