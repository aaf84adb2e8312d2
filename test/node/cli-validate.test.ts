import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPharmacy } from "../contract/helpers.js";
import { nodeGateway } from "../support/node-gateway.js";
import type { FileVerdict } from "../../src/cli/validate.js";

/**
 * `npm run cli -- validate` answers each AssurPharma example exactly as POST /v1/bvac does: the
 * same problem body (status, code, title, detail, every path/code/message) in the same language.
 */
const root = fileURLToPath(new URL("../../", import.meta.url));
const examples = join(root, "test/fixtures/assurpharma/examples");
const examplePharmacy = "27456740";

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const tsx = join(root, "node_modules/tsx/dist/cli.mjs");
  return promisify(execFile)(process.execPath, [tsx, "src/cli.ts", ...args], { cwd: root, env: { ...process.env, DATA_DIR: "/nonexistent-never-opened" } })
    .then(({ stdout, stderr }) => ({ code: 0, stdout, stderr }))
    .catch((error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }));
}

let gateway: Awaited<ReturnType<typeof nodeGateway>>;
let pharmacyKey: string;
beforeAll(async () => {
  gateway = await nodeGateway();
  pharmacyKey = (await createPharmacy(gateway.harness, examplePharmacy, "Example pharmacy")).apiKey;
});
afterAll(() => gateway.close());

const inputStatuses = new Set([400, 413, 415, 422]);

describe("npm run cli -- validate", () => {
  it("gives every AssurPharma example the endpoint's own answer, in French, and exits 1", async () => {
    const run = await cli(["validate", examples, "--lang", "fr", "--json"]);
    expect(run.code, run.stderr).toBe(1);
    const { files, failed } = JSON.parse(run.stdout) as { files: FileVerdict[]; failed: number };
    const names = readdirSync(examples).filter((name) => name.endsWith(".xml")).sort();
    expect(files.map((f) => f.file.split("/").at(-1))).toEqual(names);
    expect(failed).toBeGreaterThanOrEqual(3);

    for (const verdict of files) {
      const response = await gateway.harness.fetch("/v1/bvac", {
        method: "POST",
        headers: { Authorization: `Bearer ${pharmacyKey}`, "Content-Type": "application/xml", "Accept-Language": "fr" },
        body: readFileSync(verdict.file),
      });
      const answer = (await response.json()) as Record<string, unknown>;
      if (inputStatuses.has(response.status)) {
        const { requestId: _ignored, ...problem } = answer;
        expect(verdict.problem, verdict.file).toEqual(problem);
        expect(verdict.status).toBe(response.status);
      } else {
        // Read cleanly: what the endpoint says next depends on its data (here: insurers not registered).
        expect(verdict.problem, `${verdict.file}: ${JSON.stringify(answer)}`).toBeUndefined();
      }
    }
  }, 60_000);

  it("exits 0 for a valid file, and 1 for JSON that is no BVAC document", async () => {
    const ok = await cli(["validate", join(examples, "6000-01-prescribed.xml")]);
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toContain("6000-01-prescribed.xml: ok");

    const broken = await cli(["validate", join(root, "package.json"), "--json"]);
    expect(broken.code).toBe(1);
    // package.json is JSON but no BVAC document: a 422 naming the missing fields.
    const verdict = (JSON.parse(broken.stdout) as { files: FileVerdict[] }).files[0];
    expect(verdict?.problem?.code).toBe("validation_failed");
    expect(verdict?.problem?.errors?.map((e) => e.code)).toContain("required");
  }, 60_000);
});
