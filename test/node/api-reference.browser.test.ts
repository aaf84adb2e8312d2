import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openNodeDeps } from "../../src/adapters/node/deps.js";
import { silentLogger } from "../../src/adapters/console-logger.js";
import { createApp } from "../../src/gateway/app.js";
import { launchChromium } from "../support/chromium.js";
import { serveOnLoopback } from "../support/loopback.js";

/** /docs in headless Chromium, with every request off the gateway's origin refused: it must draw the reference offline. */
let server: Awaited<ReturnType<typeof serveOnLoopback>>;
let browser: Browser;
let baseUrl: string;
let closeDeps: () => Promise<void>;

beforeAll(async () => {
  const opened = await openNodeDeps({ filename: ":memory:", issuer: "http://127.0.0.1", logger: silentLogger, adminKey: `ak_docs-${crypto.randomUUID()}` });
  closeDeps = opened.close;
  server = await serveOnLoopback(createApp(opened.deps).fetch);
  baseUrl = server.baseUrl;
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await closeDeps?.();
});

it("draws every operation with its request schema from /openapi.json, loading nothing from another origin", async () => {
  const page = await browser.newPage();
  const foreign: string[] = [];
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(baseUrl) || url.startsWith("blob:") || url.startsWith("data:")) return route.continue();
    foreign.push(url);
    return route.abort();
  });
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(`${baseUrl}/docs`);
  // Redoc draws each operation in a section named after its operationId: its request body schema's
  // fields and its problem answers must be on the page.
  const operation = page.locator('[data-section-id="operation/submitBvac"]');
  await operation.waitFor({ state: "attached", timeout: 60_000 });
  await operation.scrollIntoViewIfNeeded();
  const text = (await operation.textContent()) ?? "";
  expect(text).toContain("Submit the BVAC document of a sale");
  expect(text).toContain("documentId");
  expect(text).toContain("deliveryDate");
  expect(text).toContain("422");
  expect(await operation.getByText("deliveryDate", { exact: true }).first().isVisible()).toBe(true);
  expect(foreign).toEqual([]);
  expect(errors).toEqual([]);
  await page.close();
}, 120_000);
