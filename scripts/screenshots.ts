/**
 * `npm run screenshots`: every member page in every language, as a 360 px phone shows it, saved
 * under .data/screenshots/<language>/ so a person can look at them (and a translator check them).
 * Runs the demo gateway on a random loopback port with the demo OpenID provider, and Chromium
 * from npm (@sparticuz/chromium), like the browser test.
 */
import { mkdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { demoTenant } from "../src/core/services/demo-tenant.js";
import { languages } from "../src/i18n/index.js";
import { launchChromium } from "../test/support/chromium.js";
import { documentWithDecision, signInAtDemoProvider, startDemoGateway } from "../test/support/member-pages.js";

const outDir = resolve(process.argv[2] ?? ".data/screenshots");
const demo = await startDemoGateway();
const browser = await launchChromium();
const saved: string[] = [];
try {
  rmSync(outDir, { recursive: true, force: true });
  // Two documents to show, one reimbursed and one refused, made before the first lost card (the
  // card's 14 digits: what a pharmacy without a QR reader scans).
  const digits = `${demoTenant.insurer.code}${demoTenant.policyholder.key1}`;
  await documentWithDecision(demo, digits, { status: "accepted", reimbursedAmount: "12.40", reason: "Plan B" });
  await documentWithDecision(demo, digits, { status: "rejected", reason: "Not covered by your plan" });

  // One context for all languages: @sparticuz/chromium runs single-process, and closing a context
  // there ends the browser. The language comes from `?lang=` (remembered by its cookie).
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  for (const language of languages) {
    const dir = join(outDir, language);
    mkdirSync(dir, { recursive: true });
    await context.clearCookies();
    let index = 0;
    const shot = async (name: string) => {
      const path = join(dir, `${String(++index).padStart(2, "0")}-${name}.png`);
      await page.screenshot({ path, fullPage: true });
      saved.push(path);
    };
    await page.goto(`${demo.baseUrl}/?lang=${language}`);
    await shot("home");
    await page.locator(".insurers a").first().click();
    await page.waitForURL(/\/oidc\/interaction\//);
    await shot("provider-sign-in");
    await signInAtDemoProvider(page, demo.baseUrl);
    await shot("card");
    await page.goto(`${demo.baseUrl}/card?member=${demoTenant.dependent.key1}`);
    await shot("card-dependent");
    await page.goto(`${demo.baseUrl}/card/lost`);
    await shot("lost-card-confirm");
    await page.locator("#confirm-lost").click();
    await page.locator(".notice").waitFor();
    await shot("lost-card-done");
    await page.goto(`${demo.baseUrl}/documents`);
    await shot("documents");
    await page.emulateMedia({ media: "print" });
    await page.goto(`${demo.baseUrl}/card`);
    await shot("card-print");
    await page.emulateMedia({ media: "screen" });
    await page.locator("#sign-out").click();
    await page.waitForURL(/\/oidc\/session\/end/);
    await shot("provider-sign-out");
    await page.locator("#demo-logout-yes").click();
    await page.waitForURL(`${demo.baseUrl}/signed-out`);
    await shot("signed-out");
    await page.goto(`${demo.baseUrl}/card`);
    await shot("problem-not-signed-in");
  }
  console.log(`${saved.length} screenshots in ${outDir}`);
} finally {
  await browser.close();
  await demo.close();
}
