import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoTenant } from "../../src/core/services/demo-tenant.js";
import { verifyScan } from "../contract/member-helpers.js";
import type { Harness } from "../harness/types.js";
import { launchChromium } from "../support/chromium.js";
import { documentWithDecision, signInAtDemoProvider, startDemoGateway, type DemoGateway } from "../support/member-pages.js";
import { decodeImage } from "../support/zxing.js";

// A member in a real browser, with no injected header: sign-in at the (demo) OpenID provider,
// a cookie session, the card, a lost card, the documents, French, sign-out.

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

let demo: DemoGateway;
let browser: Browser;

/** axe-core, injected by the test (through the DevTools protocol, so the page's CSP stays on): WCAG 2.x A and AA. */
async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() =>
    (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Array<{ id: string; nodes: Array<{ target: string[] }> }> }> } }).axe.run(
      document,
      { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } },
    ),
  );
  return result.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
}

async function decodeOnPage(page: Page) {
  const qr = await decodeImage(new Uint8Array(await page.locator("#qr").screenshot()), ["QRCode"]);
  expect(qr.length, "QR decoded").toBe(1);
  // The Code 128 is on the card until a card is reported lost (then the 14 digits are blocked).
  const hasCode128 = (await page.locator("#code128").count()) > 0;
  const code128 = hasCode128 ? await decodeImage(new Uint8Array(await page.locator("#code128").screenshot()), ["Code128"]) : [];
  if (hasCode128) expect(code128.length, "Code 128 decoded").toBe(1);
  return { token: qr[0]!.text, digits: code128[0]?.text ?? null };
}

/** Pages of a PDF (Chromium writes one `/Type /Page` object per page). */
const pdfPages = (pdf: Buffer) => pdf.toString("latin1").match(/\/Type\s*\/Page\b/g)?.length ?? 0;

describe("member pages in headless Chromium", () => {
  let context: BrowserContext;
  let page: Page;
  const foreignRequests: string[] = [];
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    demo = await startDemoGateway();
    browser = await launchChromium();
    // A phone: 360 px wide, English first; nothing injected into the requests.
    context = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, locale: "en-GB", isMobile: true, hasTouch: true });
    page = await context.newPage();
    page.on("request", (request) => {
      if (!request.url().startsWith(demo.baseUrl) && !request.url().startsWith("data:")) foreignRequests.push(request.url());
    });
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(message.text());
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  it("signs in at the insurer's provider, shows a card that scans, replaces a lost card, lists a decided document, speaks French, signs out", async () => {
    const harness = demo.gateway as Harness;

    // Home, then the provider: a code flow with PKCE, state and nonce.
    await page.goto(`${demo.baseUrl}/`);
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole("link", { name: /FarmaFlux test insurer/ }).click();
    const authorization = new URL(page.url());
    expect(authorization.pathname).toMatch(/^\/oidc\/interaction\//);
    expect(await accessibilityViolations(page)).toEqual([]);
    await signInAtDemoProvider(page, demo.baseUrl);
    expect(new URL(page.url()).pathname).toBe("/card");

    // The session cookie as browsers expect it (Secure is off on loopback http only).
    const cookies = await context.cookies(demo.baseUrl);
    const session = cookies.find((cookie) => cookie.name === "pg_member");
    expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax", secure: false, path: "/" });
    expect(cookies.find((cookie) => cookie.name === "pg_signin"), "the sign-in handle is gone").toBeUndefined();

    // The card: both codes decode from a screenshot; the QR carries a token the pharmacy check accepts.
    await expect(page.locator(".name").textContent()).resolves.toBe(demoTenant.policyholder.name);
    const first = await decodeOnPage(page);
    expect(first.token).toMatch(/^AP1:/);
    expect(first.digits).toBe(`${demoTenant.insurer.code}${demoTenant.policyholder.key1}`);
    expect(await verifyScan(harness, demo.pharmacyKey, first.token)).toMatchObject({ valid: true, kind: "signed" });
    expect(await page.locator(".valid").textContent()).toMatch(/^Valid until \d{1,2} [A-Z][a-z]+ \d{4}$/);
    expect(await accessibilityViolations(page)).toEqual([]);
    // Fits a 360 px screen without sideways scrolling; prints on one A6 and one A4 page.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(pdfPages(await page.pdf({ format: "A6" }))).toBe(1);
    expect(pdfPages(await page.pdf({ format: "A4" }))).toBe(1);
    // The print button is enabled by the page's script (no inline script anywhere).
    await expect(page.locator("[data-print]").isVisible()).resolves.toBe(true);
    // The dependent's card is one link away.
    await page.getByRole("link", { name: demoTenant.dependent.name }).click();
    await expect(page.locator(".name").textContent()).resolves.toBe(demoTenant.dependent.name);
    await page.getByRole("link", { name: demoTenant.policyholder.name }).click();

    // Save as image: the QR as a file, which decodes to the same token.
    // (Fetched with the page's own cookies: headless downloads are not kept.)
    const saveLink = page.locator("#save-image");
    expect(await saveLink.getAttribute("download")).toMatch(/^pharmacy-card-\d{14}\.png$/);
    const saved = await context.request.get(new URL((await saveLink.getAttribute("href"))!, demo.baseUrl).href);
    expect(saved.headers()["content-type"]).toBe("image/png");
    expect(saved.headers()["content-disposition"]).toMatch(/^attachment; filename="pharmacy-card-\d{14}\.png"$/);
    expect((await decodeImage(new Uint8Array(await saved.body()), ["QRCode"]))[0]?.text).toBe(first.token);

    // Lost card: confirm, then a new card; the old token is refused at verify.
    await page.locator("#lost").click();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.locator("#confirm-lost").click();
    await page.locator(".notice").waitFor();
    const second = await decodeOnPage(page);
    expect(second.token).not.toBe(first.token);
    expect(await verifyScan(harness, demo.pharmacyKey, second.token)).toMatchObject({ valid: true });
    expect(await verifyScan(harness, demo.pharmacyKey, first.token)).toMatchObject({ valid: false, reason: "revoked" });
    expect(await page.locator("#old-signed").getAttribute("data-accepted")).toBe("false");
    // The bare 14 digits are blocked too (they are the same on every card): refused at verify, no
    // Code 128 on the new card, and the page says what the pharmacies' check now answers.
    expect(await verifyScan(harness, demo.pharmacyKey, first.digits!)).toMatchObject({ valid: false });
    expect(second.digits).toBeNull();
    expect(await page.locator("#old-digits").getAttribute("data-accepted")).toBe("false");
    await expect(page.locator("#digits-blocked").textContent()).resolves.toContain(first.digits!);
    expect(await accessibilityViolations(page)).toEqual([]);

    // A sale scanned with the new card, delivered and decided: the member sees status and reimbursement.
    await documentWithDecision(demo, second.token, { status: "accepted", reimbursedAmount: "12.40", reason: "Plan B" });
    await page.getByRole("link", { name: "My documents" }).click();
    const item = page.locator(".documents li").first();
    await expect(item.locator("h2").textContent()).resolves.toBe(demoTenant.pharmacy.name);
    await expect(item.locator(".status").textContent()).resolves.toBe("Accepted");
    await expect(item.locator(".reimbursed").textContent()).resolves.toBe("€12.40");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(await accessibilityViolations(page)).toEqual([]);

    // French, chosen on the page and remembered.
    await page.getByRole("link", { name: "Français" }).click();
    expect(await page.locator("html").getAttribute("lang")).toBe("fr");
    await expect(page.locator("h1").textContent()).resolves.toBe("Mes documents");
    await expect(item.locator(".status").textContent()).resolves.toBe("Accepté");
    await expect(item.locator(".reimbursed").textContent()).resolves.toMatch(/^12,40\s€$/);
    await page.getByRole("link", { name: "Ma carte" }).click();
    expect(await page.locator("html").getAttribute("lang")).toBe("fr");
    expect(await page.locator(".valid").textContent()).toMatch(/^Valable jusqu'au \d{1,2} [a-zéû]+ \d{4}$/);

    // Sign out, at the provider too (RP-initiated logout), then the card page is refused.
    await page.locator("#sign-out").click();
    await page.waitForURL(new RegExp(`^${demo.baseUrl}/oidc/session/end`));
    await page.locator("#demo-logout-yes").click();
    await page.waitForURL(`${demo.baseUrl}/signed-out`);
    await expect(page.locator("h1").textContent()).resolves.toBe("Vous êtes déconnecté");
    // No CSP violation, no failed load, no script error on any page so far (the 401 below logs one).
    expect(consoleErrors).toEqual([]);
    const refused = await page.goto(`${demo.baseUrl}/card`);
    expect(refused?.status()).toBe(401);
    await expect(page.locator(".problem").textContent()).resolves.toBe("Connectez-vous pour voir cette page.");
    expect(await accessibilityViolations(page)).toEqual([]);

    expect(foreignRequests).toEqual([]);
  }, 180_000);
});
