import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { currentOpenApiDocument } from "../support/openapi-document.js";

/**
 * /openapi.json passes Redocly's recommended rules (redocly.yaml: plus operationId as an error),
 * checked with Redocly's own CLI from node_modules, offline.
 */
const root = fileURLToPath(new URL("../../", import.meta.url));
let documentText: string;
let documentFile: string;
beforeAll(async () => {
  documentText = await currentOpenApiDocument();
  documentFile = join(mkdtempSync(join(tmpdir(), "pharmagate-openapi-")), "openapi.json");
  writeFileSync(documentFile, documentText);
});

interface LintReport {
  totals: { errors: number; warnings: number };
  problems: Array<{ ruleId: string; severity: string; message: string; location: Array<{ pointer: string }> }>;
}

describe("/openapi.json", () => {
  it("has no error under redocly lint (recommended + operationId required)", async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [join(root, "node_modules/@redocly/cli/bin/cli.js"), "lint", documentFile, "--config", join(root, "redocly.yaml"), "--format=json"],
      // Offline: no telemetry, no update check.
      { cwd: root, env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true", NO_COLOR: "1" }, maxBuffer: 16 << 20 },
    ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? "" }));
    const report = JSON.parse(stdout) as LintReport;
    const errors = report.problems.filter((p) => p.severity === "error").map((p) => `${p.ruleId} ${p.location[0]?.pointer}: ${p.message}`);
    expect(errors).toEqual([]);
    expect(report.totals.errors).toBe(0);
  }, 60_000);

  it("names every operation with a unique operationId, and declares public ones with an empty security", () => {
    const document = JSON.parse(documentText) as { paths: Record<string, Record<string, { operationId?: string; security?: unknown[] }>> };
    const operations = Object.entries(document.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ at: `${method} ${path}`, ...op })));
    expect(operations.length).toBeGreaterThan(25);
    expect(operations.filter((op) => !op.operationId).map((op) => op.at)).toEqual([]);
    const ids = operations.map((op) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(operations.filter((op) => op.security === undefined).map((op) => op.at)).toEqual([]);
  });
});
