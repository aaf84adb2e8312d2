import type { Page } from "playwright-core";
import { silentLogger } from "../../src/adapters/console-logger.js";
import { devIssuer } from "../../src/adapters/identity/dev-issuer.js";
import { demoPassword } from "../../src/adapters/node/demo-openid-provider.js";
import { openNodeDeps } from "../../src/adapters/node/deps.js";
import { startNodeServer } from "../../src/adapters/node/http-server.js";
import type { AppDeps } from "../../src/core/deps.js";
import { createDemoTenant, demoTenant } from "../../src/core/services/demo-tenant.js";
import { drainOutbox } from "../../src/core/services/outbox.js";
import { createApp } from "../../src/gateway/app.js";
import type { Harness } from "../harness/types.js";
import { jsonDocument } from "./bvac-documents.js";

/**
 * The gateway as `npm start` runs it in demo mode, on a random loopback port: the demo tenant, the
 * demo OpenID provider under /oidc, the member pages. For the browser test and `npm run
 * screenshots` (which runs outside vitest, hence no `expect` here).
 */
export async function startDemoGateway() {
  const opened = await openNodeDeps({ filename: ":memory:", issuer: "http://127.0.0.1", logger: silentLogger });
  const deps: AppDeps = opened.deps;
  const keys = await createDemoTenant(deps, devIssuer);
  const running = await startNodeServer({ fetch: createApp(deps).fetch, port: 0, host: "127.0.0.1", demo: { deps } });
  const baseUrl = running.baseUrl;
  const gateway: Pick<Harness, "fetch" | "drainQueue"> = {
    fetch: (path, init) => fetch(baseUrl + path, init),
    drainQueue: () => drainOutbox(deps.db).then(() => undefined),
  };
  return {
    baseUrl,
    deps,
    pharmacyKey: keys.pharmacy.apiKey,
    insurerKey: keys.insurer.apiKey,
    gateway,
    async close() {
      await running.close();
      await opened.close();
    },
  };
}

export type DemoGateway = Awaited<ReturnType<typeof startDemoGateway>>;

/** On the demo provider's page: member number and password, then back to the gateway. */
export async function signInAtDemoProvider(page: Page, baseUrl: string, key1: string = demoTenant.policyholder.key1): Promise<void> {
  await page.waitForURL(new RegExp(`^${baseUrl}/oidc/interaction/`));
  await page.getByLabel(/10/).fill(key1);
  await page.locator("#password").fill(demoPassword);
  await Promise.all([page.waitForURL(new RegExp(`^${baseUrl}/(card|documents|$)`)), page.locator("#demo-sign-in").click()]);
}

const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });
const json = (body: unknown, headers: Record<string, string>): RequestInit => ({
  method: "POST",
  headers: { "Content-Type": "application/json", ...headers },
  body: JSON.stringify(body),
});


async function expectStatus(response: Response, status: number, what: string): Promise<Response> {
  if (response.status !== status) throw new Error(`${what}: ${response.status} ${await response.text()}`);
  return response;
}

/** A sale posted by the demo pharmacy with `barcode`, leased and acknowledged by the insurer, then decided. */
export async function documentWithDecision(demo: DemoGateway, barcode: string, decision: { status: "accepted" | "paid" | "rejected"; reimbursedAmount?: string; reason?: string }) {
  const document = jsonDocument({ pharmacy: { nihii: demoTenant.pharmacy.nihii }, barcode });
  await expectStatus(await demo.gateway.fetch("/v1/bvac", json(document, bearer(demo.pharmacyKey))), 201, "submit");
  await demo.gateway.drainQueue();
  const lease = await expectStatus(await demo.gateway.fetch("/v1/exports", json({ limit: 1000 }, { ...bearer(demo.insurerKey), Accept: "application/json" })), 200, "lease");
  const { batchId } = (await lease.json()) as { batchId: string };
  await expectStatus(await demo.gateway.fetch(`/v1/exports/${batchId}/ack`, { method: "POST", headers: bearer(demo.insurerKey) }), 200, "ack");
  await expectStatus(
    await demo.gateway.fetch(`/v1/bvac/${document.documentId}/decision?pharmacy=${demoTenant.pharmacy.nihii}`, json(decision, bearer(demo.insurerKey))),
    200,
    "decision",
  );
  return document;
}
