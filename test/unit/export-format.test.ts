import { describe, expect, it } from "vitest";
import { ApiError } from "../../src/core/errors.js";
import { negotiateExportFormat } from "../../src/core/services/export-format.js";

describe("export format negotiation (Accept)", () => {
  it.each([
    [undefined, "json"],
    ["", "json"],
    ["*/*", "json"],
    ["application/json", "json"],
    ["application/x-ndjson", "ndjson"],
    ["text/csv; charset=utf-8", "csv"],
    ["text/*", "csv"],
    ["application/xml", "xml"],
    ["image/png, application/xml;q=0.5, text/csv;q=0.9", "csv"],
    ["application/xml, application/json", "xml"],
    ["application/json;q=0, application/x-ndjson", "ndjson"],
    ["APPLICATION/X-NDJSON", "ndjson"],
  ])("%s → %s", (accept, format) => {
    expect(negotiateExportFormat(accept)).toBe(format);
  });

  it.each(["image/png", "text/html", "application/json;q=0", "application/pdf, text/plain"])("refuses %s with 406 not_acceptable", (accept) => {
    expect(() => negotiateExportFormat(accept)).toThrow(ApiError);
    try {
      negotiateExportFormat(accept);
    } catch (error) {
      expect((error as ApiError).code).toBe("not_acceptable");
      expect((error as ApiError).status).toBe(406);
    }
  });
});

describe("EXPORT_LEASE_SECONDS", () => {
  it("is optional (default 300 s), and 1–3600 whole seconds when set", async () => {
    const { readSettings } = await import("../../src/core/config.js");
    const lease = (value: string | undefined) => readSettings({ EXPORT_LEASE_SECONDS: value }, "node").exportLeaseSeconds;
    expect(lease(undefined)).toBe(300);
    expect(lease("")).toBe(300);
    expect(lease("120")).toBe(120);
    for (const bad of ["0", "3601", "1.5", "five"]) expect(() => lease(bad)).toThrow(/EXPORT_LEASE_SECONDS/);
  });
});
