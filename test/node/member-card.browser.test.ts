import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openNodeDeps } from "../../src/adapters/node/deps.js";
import { createApp } from "../../src/gateway/app.js";
import { createMemberTenant, getBarcode, verifyScan, type MemberTenant } from "../contract/member-helpers.js";
import { signTestMemberToken, testIdentityProvider } from "../harness/identity-provider.js";
import type { Harness } from "../harness/types.js";
import { launchChromium } from "../support/chromium.js";
import { serveOnLoopback } from "../support/loopback.js";
import { decodeImage } from "../support/zxing.js";
import { silentLogger } from "../../src/adapters/console-logger.js";
import { drainOutbox } from "../../src/core/services/outbox.js";

let server: Awaited<ReturnType<typeof serveOnLoopback>>;
let browser: Browser;
let baseUrl: string;
let gateway: Harness;
let tenant: MemberTenant;
let closeDeps: () => Promise<void>;

describe("printable card in headless Chromium", () => {
  beforeAll(async () => {
    const adminKey = `ak_browser-${crypto.randomUUID()}`;
    const idp = await testIdentityProvider();
    const opened = await openNodeDeps({ filename: ":memory:", issuer: "http://127.0.0.1", logger: silentLogger, adminKey, localJwks: { [idp.jwksUrl]: idp.jwks } });
    closeDeps = opened.close;
    server = await serveOnLoopback(createApp(opened.deps).fetch);
    baseUrl = server.baseUrl;
    gateway = {
      runtime: "node",
      adminKey,
      fetch: (path, init) => fetch(baseUrl + path, init),
      drainQueue: () => drainOutbox(opened.deps.db).then(() => undefined),
      memberToken: (options) => signTestMemberToken(idp.privateJwk, options),
      db: opened.deps.db,
      databases: opened.deps.databases,
      dbFor: (insurer) => opened.deps.databases.databaseFor(insurer),
    };
    tenant = await createMemberTenant(gateway);
    // Chromium from npm (unpacked to a temporary folder the first time: a few seconds).
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await closeDeps?.();
  });

  it("shows both barcodes, they decode to the member's text, and the revoke button issues a new code and drops the blocked Code 128", async () => {
    const context = await browser.newContext({ extraHTTPHeaders: { Authorization: `Bearer ${tenant.holder.token}` }, deviceScaleFactor: 2 });
    const page = await context.newPage();
    const foreignRequests: string[] = [];
    const consoleErrors: string[] = [];
    page.on("request", (request) => {
      if (!request.url().startsWith(baseUrl) && !request.url().startsWith("data:")) foreignRequests.push(request.url());
    });
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(message.text());
    });

    const readCard = async () => {
      const images = await page.locator("img").evaluateAll((elements) =>
        elements.map((element) => {
          const image = element as HTMLImageElement;
          return { id: image.id, loaded: image.complete && image.naturalWidth > 0 };
        }),
      );
      const qr = await decodeImage(new Uint8Array(await page.locator("#qr").screenshot()), ["QRCode"]);
      // After a lost card the 14 digits are blocked: the card drops its Code 128 (docs/security.md).
      if (images.length === 1) {
        expect(images).toEqual([{ id: "qr", loaded: true }]);
        return { qr: qr.map((result) => result.text), code128: [] as string[] };
      }
      expect(images).toEqual([{ id: "qr", loaded: true }, { id: "code128", loaded: true }]);
      const code128 = await decodeImage(new Uint8Array(await page.locator("#code128").screenshot()), ["Code128"]);
      return { qr: qr.map((result) => result.text), code128: code128.map((result) => result.text) };
    };

    const response = await page.goto(`${baseUrl}/v1/me/card`);
    expect(response?.status()).toBe(200);
    await expect(page.locator(".name").textContent()).resolves.toBe("Ann Holder");
    const before = await getBarcode(gateway, tenant.holder.token);
    expect(await readCard()).toEqual({ qr: [before.text], code128: [before.id] });

    await Promise.all([page.waitForURL(`${baseUrl}/v1/me/card`), page.locator("#revoke").click()]);
    const after = await getBarcode(gateway, tenant.holder.token);
    expect(after.text).not.toBe(before.text);
    expect(await readCard()).toEqual({ qr: [after.text], code128: [] });
    await expect(page.locator("#stopped").textContent()).resolves.toContain(after.id);
    expect((await verifyScan(gateway, tenant.pharmacy.apiKey, before.text)).reason).toBe("revoked");
    expect((await verifyScan(gateway, tenant.pharmacy.apiKey, after.text)).valid).toBe(true);

    expect(foreignRequests).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await context.close();
  }, 60_000);
});
