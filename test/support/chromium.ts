import { chromium as playwrightChromium, type Browser } from "playwright-core";
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import chromium from "@sparticuz/chromium";

// Headless Chromium from npm (@sparticuz/chromium ships it brotli-compressed in the package), so the
// browser test needs no Debian package. Its executablePath() unpacks into os.tmpdir() and reuses
// whatever `chromium` it finds there, even a half-written one or another version's; so it unpacks
// here into a fresh folder that is renamed, once complete, to a folder named by the package version.

const packageDir = dirname(dirname(createRequire(import.meta.url).resolve("@sparticuz/chromium")));
const { version } = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as { version: string };
const home = join(tmpdir(), `pharmagate-chromium-${version}`);
const complete = join(home, ".complete");

// WebGL is not needed (the card is HTML and <img>): run with --disable-webgl, not SwiftShader's GL.
chromium.setGraphicsMode = false;

/** Path of the unpacked binary; ~2-5 s the first time on a machine, then immediate. */
export async function chromiumExecutable(): Promise<string> {
  if (!existsSync(complete)) {
    const staging = mkdtempSync(join(tmpdir(), `pharmagate-chromium-${version}-unpacking-`));
    const savedTmpdir = process.env.TMPDIR;
    process.env.TMPDIR = staging; // os.tmpdir() reads it on every call
    try {
      const unpacked = await chromium.executablePath();
      if (unpacked !== join(staging, "chromium")) throw new Error(`@sparticuz/chromium unpacked to ${unpacked}, expected ${staging}`);
    } catch (error) {
      rmSync(staging, { recursive: true, force: true });
      throw error;
    } finally {
      if (savedTmpdir === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = savedTmpdir;
    }
    writeFileSync(join(staging, ".complete"), "");
    try {
      renameSync(staging, home);
    } catch (error) {
      // Another run finished first (the folder exists, complete): use its copy.
      rmSync(staging, { recursive: true, force: true });
      if (!existsSync(complete)) throw error;
    }
  }
  return join(home, "chromium");
}

// The package's flags for serverless hosts (single process, no zygote, no sandbox: the tests run as
// root), less the ones that would make the page behave unlike a phone's browser.
const weakening = new Set(["--disable-web-security", "--allow-running-insecure-content", "--disable-site-isolation-trials"]);

export const chromiumArgs: string[] = [
  ...chromium.args.filter((arg) => !weakening.has(arg)),
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** Headless Chromium from npm with the flags above (the first launch unpacks it: a few seconds). */
export async function launchChromium(): Promise<Browser> {
  return playwrightChromium.launch({ executablePath: await chromiumExecutable(), args: chromiumArgs, headless: true });
}
