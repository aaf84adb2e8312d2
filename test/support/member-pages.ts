import { expect } from "vitest";
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
import { bearer, bodyOf, json } from "../contract/helpers.js";
import { jsonDocument } from "../contract/bvac-helpers.js";
import { leaseAndAck } from "../contract/export-flow.js";
import type { Harness } from "../harness/types.js";

/**
 * The gateway as `npm start` runs it in demo mode, on a random loopback port: the demo tenant, the
 * demo OpenID provider under /oidc, the member pages. For the browser test and the screenshots.
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

/** A sale posted by the demo pharmacy with `barcode`, delivered to the insurer and decided. */
export async function documentWithDecision(demo: DemoGateway, barcode: string, decision: { status: "accepted" | "paid" | "rejected"; reimbursedAmount?: string; reason?: string }) {
  const document = jsonDocument({ pharmacy: { nihii: demoTenant.pharmacy.nihii }, barcode });
  const posted = await demo.gateway.fetch("/v1/bvac", json(document, bearer(demo.pharmacyKey)));
  expect(posted.status, JSON.stringify(await bodyOf(posted.clone()))).toBe(201);
  await leaseAndAck(demo.gateway as Harness, demo.insurerKey);
  const decided = await demo.gateway.fetch(
    `/v1/bvac/${document.documentId}/decision?pharmacy=${demoTenant.pharmacy.nihii}`,
    json(decision, bearer(demo.insurerKey)),
  );
  expect(decided.status, JSON.stringify(await bodyOf(decided.clone()))).toBe(200);
  return document;
}
